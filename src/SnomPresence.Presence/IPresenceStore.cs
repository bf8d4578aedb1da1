namespace SnomPresence.Presence;

/// <summary>
/// The presence store port. Every implementation (SQLite, and later PostgreSQL and Redis) writes with an atomic
/// compare-and-set on <see cref="PresenceState.Version"/>, stores the state and its history entry in one
/// transaction, and publishes each stored change on its <see cref="IPresenceChangeFeed"/>.
/// </summary>
public interface IPresenceStore
{
    Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken);

    /// <summary>All extensions in <see cref="Extension"/> order.</summary>
    Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="updated"/> if the stored state is still <paramref name="current"/> (compared by
    /// version; null: the extension must not exist yet). <paramref name="updated"/> carries the next version.
    /// Returns false, changing nothing, when another writer came first. <paramref name="forPbx"/> other than
    /// <see cref="PbxChanges.None"/> queues the change in the <see cref="IPbxOutbox"/> in the same transaction.
    /// </summary>
    Task<bool> TrySaveAsync(
        PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken);

    /// <summary>Extensions whose expiry is at or before <paramref name="until"/>, soonest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken);

    /// <summary>The soonest expiry of any extension, or null when none has one.</summary>
    Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> entries, newest first.</summary>
    Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Removes at most <paramref name="max"/> history entries that are older than <paramref name="olderThan"/> or
    /// beyond the newest <paramref name="keepPerExtension"/> of their extension; answers how many it removed.
    /// </summary>
    Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached; used by health checks.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>Stored changes, in the order they were stored per extension, for caches, PBX sync and phone push.</summary>
public interface IPresenceChangeFeed
{
    /// <summary>
    /// Starts receiving: every change stored after this call is delivered to the returned subscription until it
    /// is disposed. Subscribing before reading means nothing stored in between is missed.
    /// </summary>
    PresenceSubscription Subscribe();

    /// <summary>
    /// Like <see cref="Subscribe()"/>, for a subscriber that may stall (a browser): once <paramref name="capacity"/>
    /// changes wait unread, the subscription is dropped and its reader completes with <see cref="SubscriptionOverflowException"/>.
    /// </summary>
    PresenceSubscription Subscribe(int capacity);
}
