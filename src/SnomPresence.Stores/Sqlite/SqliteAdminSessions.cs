using SnomPresence.Presence;

namespace SnomPresence.Stores.Sqlite;

internal sealed class SqliteAdminSessions(SqliteDatabase database) : IAdminSessionStore
{
    public Task StartAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        database.ExecuteAsync(StoredRows.StartAdminSession, p =>
        {
            p.AddWithValue("@id", id);
            p.AddWithValue("@expires", expiresAt.ToUnixTimeMilliseconds());
        }, cancellationToken);

    public Task<bool> IsActiveAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = StoredRows.AdminSessionActive;
            command.Parameters.AddWithValue("@id", id);
            command.Parameters.AddWithValue("@now", now.ToUnixTimeMilliseconds());
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }, cancellationToken);

    public Task EndAsync(string id, CancellationToken cancellationToken) =>
        database.ExecuteAsync(StoredRows.EndAdminSession, p => p.AddWithValue("@id", id), cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ExecuteAsync(StoredRows.PruneAdminSessions, p => p.AddWithValue("@now", now.ToUnixTimeMilliseconds()), cancellationToken);
}
