using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

/// <summary>
/// Presence in PostgreSQL, shared by several instances: compare-and-set by version with history and PBX outbox in
/// one transaction, and a NOTIFY in that same transaction so the other instances hear of the change once it is
/// committed, never before.
/// </summary>
internal sealed class PostgresPresenceStore(NpgsqlDataSource dataSource, PresenceChangeBroadcaster feed, StoreInstance instance) : IPresenceStore
{
    private readonly ExtensionLocks _locks = new();

    public async Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {StoredRows.StateColumns} FROM extensions WHERE ext = @ext;");
        command.Parameters.AddWithValue("ext", extension.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoredRows.State(reader) : null;
    }

    public async Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {StoredRows.StateColumns} FROM extensions;");
        var states = await ReadStatesAsync(command, cancellationToken).ConfigureAwait(false);
        states.Sort((a, b) => Extension.Order.Compare(a.Extension, b.Extension));
        return states;
    }

    public async Task<bool> TrySaveAsync(
        PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken)
    {
        using (await _locks.EnterAsync(updated.Extension, cancellationToken).ConfigureAwait(false))
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand(current is null
                ? $"INSERT INTO extensions ({StoredRows.StateColumns}) VALUES (@ext, @status, @since, @source, @expires, @version, @forwarding, @queue, @language, @name, @nameSource) ON CONFLICT (ext) DO NOTHING;"
                : """
                  UPDATE extensions SET status = @status, since = @since, source = @source, expires_at = @expires,
                         version = @version, forwarding = @forwarding, queue = @queue, language = @language,
                         name = @name, name_source = @nameSource
                  WHERE ext = @ext AND version = @expected;
                  """, connection, transaction))
            {
                StoredRows.BindState(command, string.Empty, updated, current?.Version ?? 0);
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return false;
                }
            }

            await using (var history = new NpgsqlCommand(StoredRows.InsertHistory("@") + " SELECT pg_notify(@channel, @notice);", connection, transaction))
            {
                StoredRows.BindHistory(history, string.Empty, entry);
                var p = history.Parameters;
                p.AddWithValue("channel", StoreNotice.Channel);
                p.AddWithValue("notice", StoreNotice.Presence(instance.Id, updated.Extension, updated.Version));
                await history.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (forPbx != PbxChanges.None)
            {
                await PostgresPbxOutbox.EnqueueAsync(connection, transaction, updated, forPbx, PbxOutboxSlots.Touched(current, updated, forPbx), entry.At, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            feed.Publish(new PresenceChanged(current, updated, entry));
            return true;
        }
    }

    public async Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {StoredRows.StateColumns} FROM extensions WHERE expires_at IS NOT NULL AND expires_at <= @until ORDER BY expires_at LIMIT @max;");
        command.Parameters.AddWithValue("until", until.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("max", max);
        return await ReadStatesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT min(expires_at) FROM extensions WHERE expires_at IS NOT NULL;");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {StoredRows.HistoryColumns} FROM history WHERE ext = @ext ORDER BY version DESC LIMIT @limit;");
        command.Parameters.AddWithValue("ext", extension.Value);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<PresenceHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(StoredRows.History(extension, reader));
        }

        return entries;
    }

    public async Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken)
    {
        await using var byAge = dataSource.CreateCommand(StoredRows.PruneHistoryByAge);
        byAge.Parameters.AddWithValue("before", olderThan.ToUnixTimeMilliseconds());
        byAge.Parameters.AddWithValue("max", max);
        var removed = await byAge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (removed >= max)
        {
            return removed;
        }

        await using var byCount = dataSource.CreateCommand(StoredRows.PruneHistoryByCount);
        byCount.Parameters.AddWithValue("keep", (long)keepPerExtension);
        byCount.Parameters.AddWithValue("max", max - removed);
        return removed + await byCount.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1;");
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<PresenceState>> ReadStatesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var states = new List<PresenceState>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            states.Add(StoredRows.State(reader));
        }

        return states;
    }
}
