using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SnomPresence.Presence;

namespace SnomPresence.Web.Colleagues;

/// <summary>One colleague as the lists show them: the state, the name to show, the key to sort by and the words search finds them by.</summary>
internal sealed record Colleague(PresenceState State, string Name, SortKey SortKey, string[] Words)
{
    public Extension Extension => State.Extension;

    /// <summary>Every word of <paramref name="query"/> starts a word of the name (or is the start of the number).</summary>
    public bool Matches(IReadOnlyList<string> query) => query.All(q => Words.Any(w => w.StartsWith(q, StringComparison.Ordinal)));
}

/// <summary>Everyone sorted by name, and every word of their names sorted, pointing into that order.</summary>
internal sealed record ColleagueIndex(Colleague[] Sorted, (string Word, int Position)[] Words);

/// <summary>
/// Every extension in memory, sorted by name, for the phones' colleague lists: a group of hundreds or a search among
/// tens of thousands is answered without a query. It reads the store once, then follows the change feed (which
/// also carries other instances' changes), so an open page shows a change with its next refresh.
/// </summary>
internal sealed class ColleagueDirectory(IPresenceStore store, IPresenceChangeFeed feed, ILogger<ColleagueDirectory> logger) : IDisposable
{
    private static readonly CompareInfo Collation = CultureInfo.GetCultureInfo("de-DE").CompareInfo;
    private const CompareOptions SortOptions = CompareOptions.IgnoreCase | CompareOptions.IgnoreKanaType | CompareOptions.IgnoreWidth;

    private readonly ConcurrentDictionary<Extension, Colleague> _colleagues = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _loadLock = new();
    private Task? _loaded;
    private ColleagueIndex? _index;
    private long _order;

    /// <summary>The colleague as they are now: the sorted lists keep the record of their last rename.</summary>
    public Colleague Current(Colleague colleague) => _colleagues.GetValueOrDefault(colleague.Extension) ?? colleague;

    /// <summary>Everyone, sorted by name (then number); loads on first use. Read each shown entry through <see cref="Current"/>.</summary>
    public async ValueTask<IReadOnlyList<Colleague>> AllAsync(CancellationToken cancellationToken)
    {
        await LoadAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return (Volatile.Read(ref _index) ?? Build()).Sorted;
    }

    /// <summary>
    /// Everyone whose name has a word starting with each word of <paramref name="query"/>, sorted by name: a binary
    /// search among the words for the first query word, so a search among tens of thousands costs microseconds.
    /// </summary>
    public async ValueTask<IReadOnlyList<Colleague>> SearchAsync(IReadOnlyList<string> query, CancellationToken cancellationToken)
    {
        await LoadAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (query.Count == 0)
        {
            return [];
        }

        var index = Volatile.Read(ref _index) ?? Build();
        var first = query[0];
        var lo = 0;
        var hi = index.Words.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(index.Words[mid].Word, first) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var positions = new SortedSet<int>();
        for (var i = lo; i < index.Words.Length && index.Words[i].Word.StartsWith(first, StringComparison.Ordinal); i++)
        {
            positions.Add(index.Words[i].Position);
        }

        return [.. positions.Select(p => index.Sorted[p]).Where(c => c.Matches(query))];
    }

    public async ValueTask<Colleague?> GetAsync(Extension extension, CancellationToken cancellationToken)
    {
        await LoadAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return _colleagues.GetValueOrDefault(extension);
    }

    /// <summary>The members that exist, sorted by name (then number).</summary>
    public async ValueTask<IReadOnlyList<Colleague>> MembersAsync(IEnumerable<Extension> members, CancellationToken cancellationToken)
    {
        await LoadAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<Colleague>();
        foreach (var member in members)
        {
            if (_colleagues.TryGetValue(member, out var colleague))
            {
                found.Add(colleague);
            }
        }

        found.Sort(Compare);
        return found;
    }

    /// <summary>
    /// The words <paramref name="text"/> is found by: lower case, without accents, and with German umlauts also spelt
    /// out, so "muller" and "mueller" both find "Müller"; split at spaces and punctuation.
    /// </summary>
    public static string[] Words(string text)
    {
        var lower = text.ToLowerInvariant();
        var spelt = lower.Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal).Replace("ü", "ue", StringComparison.Ordinal);
        return [.. Split(Fold(lower)).Concat(Split(Fold(spelt))).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The words of what was typed, each compared with the start of the name's words.</summary>
    public static string[] QueryWords(string text) => Split(Fold(text.ToLowerInvariant()));

    private static string[] Split(string text) => text.Split([' ', ',', '.', '-', '\'', '(', ')', '/'], StringSplitOptions.RemoveEmptyEntries);

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                key.Append(c == 'ß' ? "ss" : c);
            }
        }

        return key.ToString();
    }

    public static int Compare(Colleague a, Colleague b)
    {
        var byName = SortKey.Compare(a.SortKey, b.SortKey);
        return byName != 0 ? byName : Extension.Order.Compare(a.Extension, b.Extension);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private Task LoadAsync()
    {
        if (Volatile.Read(ref _loaded) is { IsCompletedSuccessfully: true } loaded)
        {
            return loaded;
        }

        lock (_loadLock)
        {
            // A failed load (the store was down) is tried again by the next page.
            if (_loaded is null || _loaded.IsFaulted || _loaded.IsCanceled)
            {
                _loaded = StartAsync();
            }

            return _loaded;
        }
    }

    private async Task StartAsync()
    {
        // Subscribed before reading, so nothing stored in between is missed.
        var subscription = feed.Subscribe();
        try
        {
            foreach (var state in await store.ListAsync(_stop.Token).ConfigureAwait(false))
            {
                Put(state);
            }
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        _ = FollowAsync(subscription);
    }

    private async Task FollowAsync(PresenceSubscription subscription)
    {
        using (subscription)
        {
            try
            {
                await foreach (var change in subscription.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                {
                    Put(change.Current);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ColleagueDirectoryStopped(logger, ex);
            }

            // Whatever happened, the next page starts over from the store.
            lock (_loadLock)
            {
                _loaded = null;
            }
        }
    }

    private void Put(PresenceState state)
    {
        var name = state.Name?.Text ?? state.Extension.Value;
        var moved = false;
        _colleagues.AddOrUpdate(
            state.Extension,
            _ =>
            {
                moved = true;
                return New(state, name);
            },
            (_, existing) =>
            {
                if (existing.State.Version > state.Version)
                {
                    return existing;
                }

                if (existing.Name == name)
                {
                    return existing with { State = state };
                }

                moved = true;
                return New(state, name);
            });
        if (moved)
        {
            // Only a new extension or a new name changes the order; a status change is read through Current.
            Interlocked.Increment(ref _order);
            Volatile.Write(ref _index, null);
        }
    }

    private static Colleague New(PresenceState state, string name) =>
        new(state, name, Collation.GetSortKey(name, SortOptions), [.. Words(name).Append(state.Extension.Value).Distinct(StringComparer.Ordinal)]);

    private ColleagueIndex Build()
    {
        var order = Interlocked.Read(ref _order);
        var sorted = _colleagues.Values.ToArray();
        Array.Sort(sorted, Compare);
        var words = new List<(string Word, int Position)>(sorted.Length * 4);
        for (var i = 0; i < sorted.Length; i++)
        {
            words.AddRange(sorted[i].Words.Select(w => (w, i)));
        }

        words.Sort((a, b) => string.CompareOrdinal(a.Word, b.Word));
        var index = new ColleagueIndex(sorted, [.. words]);
        if (Interlocked.Read(ref _order) == order)
        {
            Interlocked.CompareExchange(ref _index, index, null);
        }

        return index;
    }
}
