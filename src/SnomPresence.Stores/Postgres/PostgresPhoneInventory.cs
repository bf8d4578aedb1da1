using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

/// <summary>The phone inventory; every change is announced so the other instances drop their cached copy of the phone.</summary>
internal sealed class PostgresPhoneInventory(NpgsqlDataSource dataSource, StoreInstance instance) : IPhoneInventory
{
    public async Task<ProvisionedPhone?> GetAsync(MacAddress mac, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {StoredRows.InventoryColumns} FROM inventory WHERE mac = @mac;");
        command.Parameters.AddWithValue("mac", mac.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoredRows.Phone(reader) : null;
    }

    public async Task<IReadOnlyList<ProvisionedPhone>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {StoredRows.InventoryColumns} FROM inventory ORDER BY mac COLLATE \"C\";");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var phones = new List<ProvisionedPhone>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            phones.Add(StoredRows.Phone(reader));
        }

        return phones;
    }

    public async Task SaveAsync(IReadOnlyList<ProvisionedPhone> phones, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var phone in phones)
        {
            await using var command = new NpgsqlCommand(
                $"""
                INSERT INTO inventory ({StoredRows.InventoryColumns})
                VALUES (@mac, @model, @extensions, @name, @language, @user, @password, @token, @previous, @until, @updated, @enrollment)
                ON CONFLICT (mac) DO UPDATE SET model = excluded.model, extensions = excluded.extensions, display_name = excluded.display_name,
                    language = excluded.language, web_user = excluded.web_user, web_password = excluded.web_password, token = excluded.token,
                    previous_token = excluded.previous_token, previous_valid_until = excluded.previous_valid_until, updated_at = excluded.updated_at,
                    enrollment_until = excluded.enrollment_until;
                SELECT pg_notify(@channel, @notice);
                """, connection, transaction);
            var p = command.Parameters;
            p.AddWithValue("mac", phone.Mac.Value);
            p.AddWithValue("model", phone.Model.Value);
            p.AddWithValue("extensions", string.Join(' ', phone.Extensions.Select(e => e.Value)));
            p.AddWithValue("name", NpgsqlTypes.NpgsqlDbType.Text, (object?)phone.DisplayName ?? DBNull.Value);
            p.AddWithValue("language", NpgsqlTypes.NpgsqlDbType.Text, phone.Language is { } language ? EnumIds.Id(language) : DBNull.Value);
            p.AddWithValue("user", NpgsqlTypes.NpgsqlDbType.Text, (object?)phone.WebLogin?.User ?? DBNull.Value);
            p.AddWithValue("password", NpgsqlTypes.NpgsqlDbType.Text, (object?)phone.WebLogin?.Password ?? DBNull.Value);
            p.AddWithValue("token", phone.Token.Current);
            p.AddWithValue("previous", NpgsqlTypes.NpgsqlDbType.Text, (object?)phone.Token.Previous ?? DBNull.Value);
            p.AddWithValue("until", NpgsqlTypes.NpgsqlDbType.Bigint, phone.Token.PreviousValidUntil is { } until ? until.ToUnixTimeMilliseconds() : DBNull.Value);
            p.AddWithValue("updated", phone.UpdatedAt.ToUnixTimeMilliseconds());
            p.AddWithValue("enrollment", NpgsqlTypes.NpgsqlDbType.Bigint, phone.EnrollmentUntil is { } enrollment ? enrollment.ToUnixTimeMilliseconds() : DBNull.Value);
            p.AddWithValue("channel", StoreNotice.Channel);
            p.AddWithValue("notice", StoreNotice.Inventory(instance.Id, phone.Mac));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(MacAddress mac, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("DELETE FROM inventory WHERE mac = @mac;", connection, transaction);
        command.Parameters.AddWithValue("mac", mac.Value);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        if (deleted)
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @notice);", connection, transaction);
            notify.Parameters.AddWithValue("channel", StoreNotice.Channel);
            notify.Parameters.AddWithValue("notice", StoreNotice.Inventory(instance.Id, mac));
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
