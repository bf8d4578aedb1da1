using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

internal sealed class PostgresAdminSessions(NpgsqlDataSource dataSource) : IAdminSessionStore
{
    public async Task StartAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(StoredRows.StartAdminSession);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("expires", expiresAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> IsActiveAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(StoredRows.AdminSessionActive);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long count && count > 0;
    }

    public async Task EndAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(StoredRows.EndAdminSession);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(StoredRows.PruneAdminSessions);
        command.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
