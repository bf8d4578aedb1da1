using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

/// <summary>The PBX outbox beside the presence it belongs to: one row per waiting extension, filled in the change's transaction.</summary>
internal sealed class PostgresPbxOutbox(NpgsqlDataSource dataSource) : IPbxOutbox
{
    public static async Task EnqueueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PresenceState state, PbxChanges changes, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO pbx_outbox (ext, version, changes, queued_at) VALUES (@ext, @version, @changes, @at)
            ON CONFLICT (ext) DO UPDATE SET version = excluded.version, changes = pbx_outbox.changes | excluded.changes;
            """, connection, transaction);
        command.Parameters.AddWithValue("ext", state.Extension.Value);
        command.Parameters.AddWithValue("version", state.Version);
        command.Parameters.AddWithValue("changes", (int)changes);
        command.Parameters.AddWithValue("at", at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PbxOutboxEntry>> PeekAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {StoredRows.OutboxColumns} FROM pbx_outbox ORDER BY queued_at, ext LIMIT @max;");
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<PbxOutboxEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(StoredRows.Outbox(reader));
        }

        return entries;
    }

    public async Task CompleteAsync(PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM pbx_outbox WHERE ext = @ext AND version = @version;");
        command.Parameters.AddWithValue("ext", entry.Extension.Value);
        command.Parameters.AddWithValue("version", entry.Version);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordFailureAsync(PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE pbx_outbox SET attempts = attempts + 1 WHERE ext = @ext;");
        command.Parameters.AddWithValue("ext", entry.Extension.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<Extension>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT ext FROM pbx_outbox;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var pending = new HashSet<Extension>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending.Add(Extension.Parse(reader.GetString(0)));
        }

        return pending;
    }

    public async Task<PbxOutboxStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*)::integer, min(queued_at) FROM pbx_outbox;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new PbxOutboxStats(reader.GetInt32(0), reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }
}
