using System.Collections.Concurrent;
using SnomPresence.Presence;

namespace SnomPresence.Stores;

/// <summary>
/// Keeps groups and favourites in memory: every colleagues page reads them, and they change seldom. Writes go to the
/// store first and then drop what is cached; another instance's write drops everything (<see cref="Clear"/>), so the
/// next read takes the store's. Favourites are cached only for extensions that exist, which phones reach only
/// with their token for their own extensions.
/// </summary>
internal sealed class CachingColleagueStore(IColleagueStore inner) : IColleagueStore
{
    private readonly ConcurrentDictionary<Extension, IReadOnlyList<Extension>> _favourites = new();
    private IReadOnlyList<ColleagueGroup>? _groups;

    // Bumped around every write and clear: a read that started before never caches what it read.
    private long _generation;

    /// <summary>Raised after the groups or any favourites changed, here or on another instance.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<ColleagueGroup>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _groups) is { } cached)
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var loaded = await inner.ListGroupsAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Read(ref _generation) == generation)
        {
            Interlocked.CompareExchange(ref _groups, loaded, null);
        }

        return loaded;
    }

    public Task SaveGroupAsync(ColleagueGroup group, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.SaveGroupAsync(group, cancellationToken));

    public async Task<bool> DeleteGroupAsync(GroupId id, CancellationToken cancellationToken)
    {
        var deleted = false;
        await WriteAsync(async () => deleted = await inner.DeleteGroupAsync(id, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return deleted;
    }

    public async Task<IReadOnlyList<Extension>> GetFavouritesAsync(Extension owner, CancellationToken cancellationToken)
    {
        if (_favourites.TryGetValue(owner, out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var loaded = await inner.GetFavouritesAsync(owner, cancellationToken).ConfigureAwait(false);
        if (Interlocked.Read(ref _generation) == generation)
        {
            _favourites.TryAdd(owner, loaded);
        }

        return loaded;
    }

    public Task SaveFavouritesAsync(Extension owner, IReadOnlyList<Extension> favourites, CancellationToken cancellationToken) =>
        WriteAsync(() => inner.SaveFavouritesAsync(owner, favourites, cancellationToken));

    public Task<IReadOnlyList<(Extension Owner, IReadOnlyList<Extension> Favourites)>> ListFavouritesAsync(CancellationToken cancellationToken) =>
        inner.ListFavouritesAsync(cancellationToken);

    /// <summary>Forgets everything cached, after another instance changed something or notices may have been lost.</summary>
    public void Clear()
    {
        Forget();
        Changed?.Invoke();
    }

    private async Task WriteAsync(Func<Task> write)
    {
        Interlocked.Increment(ref _generation);
        try
        {
            await write().ConfigureAwait(false);
        }
        finally
        {
            // Also after a failure: whether the write landed is unknown, so the next read goes to the store.
            Forget();
        }

        Changed?.Invoke();
    }

    private void Forget()
    {
        Interlocked.Increment(ref _generation);
        Volatile.Write(ref _groups, null);
        _favourites.Clear();
    }
}
