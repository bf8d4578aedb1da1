using SnomPresence.Presence;

namespace SnomPresence.Stores.Sqlite;

/// <summary>An SQLite file belongs to one process, so that process always holds every lease.</summary>
internal sealed class SqliteWorkLease : IWorkLease
{
    public Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseAsync(string name, CancellationToken cancellationToken) => Task.CompletedTask;
}
