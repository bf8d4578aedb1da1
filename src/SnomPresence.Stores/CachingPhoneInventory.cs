using System.Collections.Concurrent;
using SnomPresence.Presence;

namespace SnomPresence.Stores;

/// <summary>
/// Keeps the phones that have been looked up in memory: every phone request checks its phone's token, and that
/// must not cost a query. Writes go to the store first and then replace the cached entry. Unknown MACs are not
/// cached, so guessing MACs cannot grow the cache.
/// </summary>
internal sealed class CachingPhoneInventory(IPhoneInventory inner) : IPhoneInventory
{
    private readonly ConcurrentDictionary<MacAddress, ProvisionedPhone> _phones = new();

    // Bumped around every write: a read that started before a write never caches what it read.
    private long _generation;

    public async Task<ProvisionedPhone?> GetAsync(MacAddress mac, CancellationToken cancellationToken)
    {
        if (_phones.TryGetValue(mac, out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var loaded = await inner.GetAsync(mac, cancellationToken).ConfigureAwait(false);
        if (loaded is not null && Interlocked.Read(ref _generation) == generation)
        {
            // Keyed by the entry's own MAC, not the request's copy of it: one string per phone instead of two.
            _phones.TryAdd(loaded.Mac, loaded);
        }

        return loaded;
    }

    public Task<IReadOnlyList<ProvisionedPhone>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public async Task SaveAsync(IReadOnlyList<ProvisionedPhone> phones, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        try
        {
            await inner.SaveAsync(phones, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Also after a failure: whether the write landed is unknown, so the next read goes to the store.
            // Bumped before removing, so a read racing the write either fails the check or is removed here.
            Interlocked.Increment(ref _generation);
            foreach (var phone in phones)
            {
                _phones.TryRemove(phone.Mac, out _);
            }
        }
    }

    public async Task<bool> DeleteAsync(MacAddress mac, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        try
        {
            return await inner.DeleteAsync(mac, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Increment(ref _generation);
            _phones.TryRemove(mac, out _);
        }
    }

    /// <summary>Drops the phone after another instance changed it; the next read goes to the store.</summary>
    public void Forget(MacAddress mac)
    {
        Interlocked.Increment(ref _generation);
        _phones.TryRemove(mac, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _phones.Clear();
    }
}
