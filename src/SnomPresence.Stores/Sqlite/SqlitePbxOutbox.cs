using Microsoft.Data.Sqlite;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Sqlite;

/// <summary>The PBX outbox in the same SQLite file as the presence it belongs to: one row per waiting extension.</summary>
internal sealed class SqlitePbxOutbox(SqliteDatabase database) : IPbxOutbox
{
    public static void Enqueue(
        SqliteConnection connection, SqliteTransaction transaction, PresenceState state, PbxChanges changes, ForwardingSlotSet slots, DateTimeOffset at)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO pbx_outbox (ext, version, changes, queued_at, slots) VALUES ($ext, $version, $changes, $at, $slots)
            ON CONFLICT (ext) DO UPDATE SET version = excluded.version, changes = changes | excluded.changes, slots = slots | excluded.slots,
                                            parked_reason = NULL, parked_at = NULL;
            """;
        command.Parameters.AddWithValue("$ext", state.Extension.Value);
        command.Parameters.AddWithValue("$version", state.Version);
        command.Parameters.AddWithValue("$changes", (int)changes);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$slots", slots.Bits);
        command.ExecuteNonQuery();
    }

    public Task<IReadOnlyList<PbxOutboxEntry>> PeekAsync(int max, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {StoredRows.OutboxColumns} FROM pbx_outbox WHERE parked_reason IS NULL ORDER BY queued_at, ext LIMIT $max;", max, cancellationToken);

    public Task<IReadOnlyList<PbxOutboxEntry>> ListParkedAsync(CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {StoredRows.OutboxColumns} FROM pbx_outbox WHERE parked_reason IS NOT NULL ORDER BY parked_at, ext LIMIT $max;", int.MaxValue, cancellationToken);

    public Task CompleteAsync(PbxOutboxEntry entry, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            "DELETE FROM pbx_outbox WHERE ext = $ext AND version = $version;",
            p =>
            {
                p.AddWithValue("$ext", entry.Extension.Value);
                p.AddWithValue("$version", entry.Version);
            },
            cancellationToken);

    public Task RecordFailureAsync(PbxOutboxEntry entry, CancellationToken cancellationToken) =>
        database.ExecuteAsync("UPDATE pbx_outbox SET attempts = attempts + 1 WHERE ext = $ext;", p => p.AddWithValue("$ext", entry.Extension.Value), cancellationToken);

    public async Task<bool> ParkAsync(PbxOutboxEntry entry, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        await database.ExecuteAsync(
            "UPDATE pbx_outbox SET parked_reason = $reason, parked_at = $at WHERE ext = $ext AND version = $version;",
            p =>
            {
                p.AddWithValue("$reason", reason);
                p.AddWithValue("$at", at.ToUnixTimeMilliseconds());
                p.AddWithValue("$ext", entry.Extension.Value);
                p.AddWithValue("$version", entry.Version);
            },
            cancellationToken).ConfigureAwait(false) == 1;

    public Task<int> RetryParkedAsync(Extension? extension, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            "UPDATE pbx_outbox SET parked_reason = NULL, parked_at = NULL WHERE parked_reason IS NOT NULL AND ($ext IS NULL OR ext = $ext);",
            p => p.AddWithValue("$ext", extension is { } ext ? ext.Value : DBNull.Value),
            cancellationToken);

    public Task<IReadOnlySet<Extension>> PendingAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlySet<Extension>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT ext FROM pbx_outbox;";
            using var reader = command.ExecuteReader();
            var pending = new HashSet<Extension>();
            while (reader.Read())
            {
                pending.Add(Extension.Parse(reader.GetString(0)));
            }

            return pending;
        }, cancellationToken);

    public Task<PbxOutboxStats> GetStatsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT count(*) FILTER (WHERE parked_reason IS NULL), min(queued_at) FILTER (WHERE parked_reason IS NULL),
                       count(*) FILTER (WHERE parked_reason IS NOT NULL)
                FROM pbx_outbox;
                """;
            using var reader = command.ExecuteReader();
            reader.Read();
            return new PbxOutboxStats(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetInt32(2));
        }, cancellationToken);

    private Task<IReadOnlyList<PbxOutboxEntry>> ReadAsync(string sql, int max, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<PbxOutboxEntry>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            var entries = new List<PbxOutboxEntry>();
            while (reader.Read())
            {
                entries.Add(StoredRows.Outbox(reader));
            }

            return entries;
        }, cancellationToken);
}
