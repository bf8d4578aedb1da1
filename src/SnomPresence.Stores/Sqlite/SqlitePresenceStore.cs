using Microsoft.Data.Sqlite;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Sqlite;

/// <summary>The embedded default store: one SQLite file, compare-and-set by version, history in the same transaction.</summary>
internal sealed class SqlitePresenceStore(SqliteDatabase database, PresenceChangeBroadcaster feed) : IPresenceStore
{
    public Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {StoredRows.StateColumns} FROM extensions WHERE ext = $ext;";
            command.Parameters.AddWithValue("$ext", extension.Value);
            using var reader = command.ExecuteReader();
            return reader.Read() ? StoredRows.State(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<PresenceState>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {StoredRows.StateColumns} FROM extensions;";
            using var reader = command.ExecuteReader();
            var states = new List<PresenceState>();
            while (reader.Read())
            {
                states.Add(StoredRows.State(reader));
            }

            states.Sort((a, b) => Extension.Order.Compare(a.Extension, b.Extension));
            return states;
        }, cancellationToken);

    public async Task<bool> TrySaveAsync(
        PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken)
    {
        return await database.WriteInGroupAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = current is null
                ? $"INSERT INTO extensions ({StoredRows.StateColumns}) VALUES ($ext, $status, $since, $source, $expires, $version, $forwarding, $queue, $language, $name, $nameSource) ON CONFLICT (ext) DO NOTHING;"
                : """
                  UPDATE extensions SET status = $status, since = $since, source = $source, expires_at = $expires,
                         version = $version, forwarding = $forwarding, queue = $queue, language = $language,
                         name = $name, name_source = $nameSource
                  WHERE ext = $ext AND version = $expected;
                  """;
            StoredRows.BindState(command, "$", updated, current?.Version ?? 0);
            if (command.ExecuteNonQuery() != 1)
            {
                return false;
            }

            InsertHistory(connection, transaction, entry);
            if (forPbx != PbxChanges.None)
            {
                SqlitePbxOutbox.Enqueue(connection, transaction, updated, forPbx, PbxOutboxSlots.Touched(current, updated, forPbx), entry.At);
            }

            return true;
        },
        // Published in commit order, so subscribers see each extension's changes in version order.
        saved =>
        {
            if (saved)
            {
                feed.Publish(new PresenceChanged(current, updated, entry));
            }
        },
        cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<PresenceState>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {StoredRows.StateColumns} FROM extensions WHERE expires_at IS NOT NULL AND expires_at <= $until ORDER BY expires_at LIMIT $max;";
            command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            var states = new List<PresenceState>();
            while (reader.Read())
            {
                states.Add(StoredRows.State(reader));
            }

            return states;
        }, cancellationToken);

    public Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT min(expires_at) FROM extensions WHERE expires_at IS NOT NULL;";
            return command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        }, cancellationToken);

    public Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<PresenceHistoryEntry>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {StoredRows.HistoryColumns} FROM history
                WHERE ext = $ext ORDER BY version DESC LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$ext", extension.Value);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<PresenceHistoryEntry>();
            while (reader.Read())
            {
                entries.Add(StoredRows.History(extension, reader));
            }

            return entries;
        }, cancellationToken);

    public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = StoredRows.PruneHistoryByAge;
            command.Parameters.AddWithValue("@before", olderThan.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@max", max);
            var removed = command.ExecuteNonQuery();
            command.CommandText = StoredRows.PruneHistoryByCount;
            command.Parameters.AddWithValue("@keep", keepPerExtension);
            command.Parameters["@max"].Value = max - removed;
            return removed + (removed < max ? command.ExecuteNonQuery() : 0);
        }, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM extensions WHERE 0;";
            return command.ExecuteScalar();
        }, cancellationToken);

    private static void InsertHistory(SqliteConnection connection, SqliteTransaction transaction, PresenceHistoryEntry entry)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = StoredRows.InsertHistory("$");
        StoredRows.BindHistory(command, "$", entry);
        command.ExecuteNonQuery();
    }
}
