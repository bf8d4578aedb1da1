using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

/// <summary>The PBX outbox beside the presence it belongs to: one row per waiting extension, filled in the change's transaction.</summary>
internal sealed class PostgresPbxOutbox(NpgsqlDataSource dataSource) : IPbxOutbox
{
    public static async Task EnqueueAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        PresenceState state,
        PbxChanges changes,
        ForwardingSlotSet slots,
        DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO pbx_outbox (ext, version, changes, queued_at, slots) VALUES (@ext, @version, @changes, @at, @slots)
            ON CONFLICT (ext) DO UPDATE SET version = excluded.version, changes = pbx_outbox.changes | excluded.changes,
                                            slots = pbx_outbox.slots | excluded.slots, parked_reason = NULL, parked_at = NULL;
            """, connection, transaction);
        command.Parameters.AddWithValue("ext", state.Extension.Value);
        command.Parameters.AddWithValue("version", state.Version);
        command.Parameters.AddWithValue("changes", (int)changes);
        command.Parameters.AddWithValue("at", at.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("slots", slots.Bits);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<PbxOutboxEntry>> PeekAsync(int max, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {StoredRows.OutboxColumns} FROM pbx_outbox WHERE parked_reason IS NULL ORDER BY queued_at, ext LIMIT @max;", max, cancellationToken);

    public Task<IReadOnlyList<PbxOutboxEntry>> ListParkedAsync(CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {StoredRows.OutboxColumns} FROM pbx_outbox WHERE parked_reason IS NOT NULL ORDER BY parked_at, ext LIMIT @max;", int.MaxValue, cancellationToken);

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

    public async Task<bool> ParkAsync(PbxOutboxEntry entry, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE pbx_outbox SET parked_reason = @reason, parked_at = @at WHERE ext = @ext AND version = @version;");
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("at", at.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("ext", entry.Extension.Value);
        command.Parameters.AddWithValue("version", entry.Version);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<int> RetryParkedAsync(Extension? extension, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE pbx_outbox SET parked_reason = NULL, parked_at = NULL WHERE parked_reason IS NOT NULL AND (@ext::text IS NULL OR ext = @ext);");
        command.Parameters.AddWithValue("ext", NpgsqlTypes.NpgsqlDbType.Text, extension is { } ext ? ext.Value : DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
        await using var command = dataSource.CreateCommand(
            """
            SELECT (count(*) FILTER (WHERE parked_reason IS NULL))::integer, min(queued_at) FILTER (WHERE parked_reason IS NULL),
                   (count(*) FILTER (WHERE parked_reason IS NOT NULL))::integer
            FROM pbx_outbox;
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new PbxOutboxStats(
            reader.GetInt32(0),
            reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.GetInt32(2));
    }

    private async Task<IReadOnlyList<PbxOutboxEntry>> ReadAsync(string sql, int max, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<PbxOutboxEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(StoredRows.Outbox(reader));
        }

        return entries;
    }
}
