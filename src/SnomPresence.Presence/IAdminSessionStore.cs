namespace SnomPresence.Presence;

/// <summary>
/// The admin sessions in force, shared by every instance: a session cookie counts only while its id is here, so
/// signing out ends it everywhere, even for a copy of the cookie.
/// </summary>
public interface IAdminSessionStore
{
    Task StartAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>True while the session was started, not ended, and <paramref name="now"/> is before its expiry.</summary>
    Task<bool> IsActiveAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    Task EndAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes sessions expired by <paramref name="now"/>; answers how many.</summary>
    Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
