using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

/// <summary>Writes a snapshot of another store in one transaction: all of it, or nothing.</summary>
internal static class PostgresImport
{
    /// <param name="progress">Told how many records are written so far.</param>
    public static async Task ImportAsync(NpgsqlDataSource dataSource, StoreSnapshot snapshot, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var written = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var state in snapshot.States)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO extensions (ext, status, since, source, expires_at, version, forwarding, queue, language, name, name_source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11);",
                cancellationToken,
                state.Extension.Value, EnumIds.Id(state.Status), state.Since.ToUnixTimeMilliseconds(), EnumIds.Id(state.Source),
                state.ExpiresAt?.ToUnixTimeMilliseconds(), state.Version, ForwardingDocument.Serialize(state.Forwarding), state.QueueLoggedIn,
                state.Language is { } language ? EnumIds.Id(language) : null, state.Name?.Text, state.Name is { } name ? EnumIds.Id(name.Source) : null).ConfigureAwait(false);
            progress?.Report(++written);
        }

        foreach (var entry in snapshot.History)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO history (ext, version, at, kind, status, expires_at, source, origin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8);",
                cancellationToken,
                entry.Extension.Value, entry.Version, entry.At.ToUnixTimeMilliseconds(), EnumIds.Id(entry.Kind), EnumIds.Id(entry.Status),
                entry.ExpiresAt?.ToUnixTimeMilliseconds(), EnumIds.Id(entry.Source), entry.Origin).ConfigureAwait(false);
            progress?.Report(++written);
        }

        foreach (var entry in snapshot.Outbox)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO pbx_outbox (ext, version, changes, queued_at, attempts, slots, parked_reason, parked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8);",
                cancellationToken,
                entry.Extension.Value, entry.Version, (int)entry.Changes, entry.QueuedAt.ToUnixTimeMilliseconds(), entry.Attempts, entry.Slots.Bits,
                entry.Parked?.Reason, entry.Parked?.At.ToUnixTimeMilliseconds()).ConfigureAwait(false);
            progress?.Report(++written);
        }

        foreach (var phone in snapshot.Phones)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO phones (id, ext, mac, address, seen_at) VALUES ($1, $2, $3, $4, $5);",
                cancellationToken,
                phone.Id, phone.Extension.Value, phone.Mac, phone.Address, phone.SeenAt.ToUnixTimeMilliseconds()).ConfigureAwait(false);
            progress?.Report(++written);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        // The inventory goes through its own port, which also tells running instances about each phone.
        await new PostgresPhoneInventory(dataSource, new StoreInstance()).SaveAsync(snapshot.Inventory, cancellationToken).ConfigureAwait(false);
        progress?.Report(written + snapshot.Inventory.Count);
        await snapshot.WriteColleaguesAsync(new PostgresColleagueStore(dataSource, new StoreInstance()), cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            // Positional, so a null takes its type from the column.
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
