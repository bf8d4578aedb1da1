using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

/// <summary>Leases as rows: taken when free or run out, renewed by their holder; the database clock decides, so instances' clocks need not agree.</summary>
internal sealed class PostgresWorkLease(NpgsqlDataSource dataSource, StoreInstance instance) : IWorkLease
{
    public async Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO leases (name, owner, until) VALUES (@name, @owner, clock_timestamp() + @duration)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
            WHERE leases.owner = excluded.owner OR leases.until < clock_timestamp()
            RETURNING owner;
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", instance.Id);
        command.Parameters.AddWithValue("duration", duration);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string owner && owner == instance.Id;
    }

    public async Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM leases WHERE name = @name AND owner = @owner;");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("owner", instance.Id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
