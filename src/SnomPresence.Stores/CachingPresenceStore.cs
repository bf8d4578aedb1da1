using System.Collections.Concurrent;
using SnomPresence.Presence;

namespace SnomPresence.Stores;

/// <summary>
/// Keeps every extension read or written in memory, so the phones' status screens, refreshed every few seconds,
/// are answered without touching the database. Writes go through to the store first and update the cache only
/// once stored, from the store's announcement of the change and before anyone else hears of it: whoever does (pushes
/// to phones, the 3CX delivery) and reads the extension reads that change. A read that raced a write never puts the
/// older version back. Stores shared by several instances also update it from their cross-instance notifications.
/// Extensions that do not exist are not cached: whoever asks for made-up numbers must not be able to grow it
/// (phones only reach it with their token, for their own extensions, which exist once they booted).
/// </summary>
internal sealed class CachingPresenceStore : IPresenceStore
{
    private readonly ConcurrentDictionary<Extension, PresenceState> _states = new();
    private readonly IPresenceStore _inner;

    /// <param name="inner">The store, announcing its commits on <paramref name="feed"/>.</param>
    /// <param name="feed">Where the store announces its commits; the cache takes each change in before anyone hears of it.</param>
    public CachingPresenceStore(IPresenceStore inner, PresenceChangeBroadcaster feed)
    {
        _inner = inner;
        feed.ApplyFirst(change => _states.AddOrUpdate(change.Current.Extension, change.Current, (_, existing) => Newer(existing, change.Current)));
    }

    /// <summary>How many extensions are held.</summary>
    public int Count => _states.Count;

    public async Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken)
    {
        if (_states.TryGetValue(extension, out var cached))
        {
            return cached;
        }

        var loaded = await _inner.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        // Keyed by the state's own extension, not the request's copy of it: one string per extension instead of two.
        return loaded is null ? null : _states.AddOrUpdate(loaded.Extension, loaded, (_, existing) => Newer(existing, loaded));
    }

    public Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);

    public async Task<bool> TrySaveAsync(
        PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken)
    {
        // A stored change reaches the cache through the feed, before the store answers (the constructor).
        var saved = await _inner.TrySaveAsync(current, updated, entry, forPbx, cancellationToken).ConfigureAwait(false);
        if (!saved && current is not null)
        {
            // Someone else wrote first. Written here, their change is cached already and the retry reads it from
            // memory; written by another instance, the cache still holds what this write was based on, and only then
            // is it dropped, to be read fresh. Dropping it always cost a database read per lost race, and presses of
            // one extension landing in the same group commit lose often (docs/benchmarks.md).
            _states.TryRemove(new KeyValuePair<Extension, PresenceState>(updated.Extension, current));
        }

        return saved;
    }

    public Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken) =>
        _inner.ListExpiringAsync(until, max, cancellationToken);

    public Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) => _inner.NextExpiryAsync(cancellationToken);

    public Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken) =>
        _inner.GetHistoryAsync(extension, limit, cancellationToken);

    public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken) =>
        _inner.PruneHistoryAsync(olderThan, keepPerExtension, max, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => _inner.PingAsync(cancellationToken);

    /// <summary>Reads the extension afresh after another instance changed it; answers what was cached before and what is now.</summary>
    public async Task<(PresenceState? Previous, PresenceState? Current)> RefreshAsync(Extension extension, CancellationToken cancellationToken)
    {
        _states.TryGetValue(extension, out var previous);
        var loaded = await _inner.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            _states.TryRemove(extension, out _);
            return (previous, null);
        }

        return (previous, _states.AddOrUpdate(extension, loaded, (_, existing) => Newer(existing, loaded)));
    }

    public void Clear() => _states.Clear();

    private static PresenceState Newer(PresenceState existing, PresenceState candidate) => candidate.Version >= existing.Version ? candidate : existing;
}
