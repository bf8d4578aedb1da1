using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

/// <summary>Passes every call to <paramref name="inner"/>; a test's store overrides only what it changes.</summary>
internal abstract class DelegatingPresenceStore(IPresenceStore inner) : IPresenceStore
{
    public virtual Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken) => inner.GetAsync(extension, cancellationToken);

    public virtual Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public virtual Task<bool> TrySaveAsync(PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken) =>
        inner.TrySaveAsync(current, updated, entry, forPbx, cancellationToken);

    public virtual Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken) =>
        inner.ListExpiringAsync(until, max, cancellationToken);

    public virtual Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) => inner.NextExpiryAsync(cancellationToken);

    public virtual Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken) =>
        inner.GetHistoryAsync(extension, limit, cancellationToken);

    public virtual Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken) =>
        inner.PruneHistoryAsync(olderThan, keepPerExtension, max, cancellationToken);

    public virtual Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
}
