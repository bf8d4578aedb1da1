using System.Collections.Concurrent;
using SnomPresence.Presence;

namespace SnomPresence.Stores;

/// <summary>
/// Keeps every extension read or written in memory, so the phones' status screens, refreshed every few seconds,
/// are answered without touching the database. Writes go through to the store first and update the cache only
/// once stored; a read that raced a write never puts the older version back. Stores shared by several instances
/// will also update it from their cross-instance change notifications.
/// </summary>
internal sealed class CachingPresenceStore(IPresenceStore inner) : IPresenceStore
{
    // A missing extension is cached too (version 0), so a phone polling an unknown number costs no query.
    private readonly ConcurrentDictionary<Extension, PresenceState?> _states = new();

    public async Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken)
    {
        if (_states.TryGetValue(extension, out var cached))
        {
            return cached;
        }

        var loaded = await inner.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        return _states.AddOrUpdate(extension, loaded, (_, existing) => Newer(existing, loaded));
    }

    public Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public async Task<bool> TrySaveAsync(
        PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken)
    {
        var saved = await inner.TrySaveAsync(current, updated, entry, forPbx, cancellationToken).ConfigureAwait(false);
        if (saved)
        {
            _states.AddOrUpdate(updated.Extension, updated, (_, existing) => Newer(existing, updated));
        }
        else
        {
            // Someone else wrote first (another instance, later): read it fresh next time.
            _states.TryRemove(updated.Extension, out _);
        }

        return saved;
    }

    public Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken) =>
        inner.ListExpiringAsync(until, max, cancellationToken);

    public Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) => inner.NextExpiryAsync(cancellationToken);

    public Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken) =>
        inner.GetHistoryAsync(extension, limit, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    /// <summary>Reads the extension afresh after another instance changed it; answers what was cached before and what is now.</summary>
    public async Task<(PresenceState? Previous, PresenceState? Current)> RefreshAsync(Extension extension, CancellationToken cancellationToken)
    {
        _states.TryGetValue(extension, out var previous);
        var loaded = await inner.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        var current = _states.AddOrUpdate(extension, loaded, (_, existing) => Newer(existing, loaded));
        return (previous, current);
    }

    public void Clear() => _states.Clear();

    private static PresenceState? Newer(PresenceState? existing, PresenceState? candidate) =>
        (candidate?.Version ?? 0) >= (existing?.Version ?? 0) ? candidate : existing;
}
