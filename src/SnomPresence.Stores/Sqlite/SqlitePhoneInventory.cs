using SnomPresence.Presence;

namespace SnomPresence.Stores.Sqlite;

internal sealed class SqlitePhoneInventory(SqliteDatabase database) : IPhoneInventory
{
    public Task<ProvisionedPhone?> GetAsync(MacAddress mac, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {StoredRows.InventoryColumns} FROM inventory WHERE mac = $mac;";
            command.Parameters.AddWithValue("$mac", mac.Value);
            using var reader = command.ExecuteReader();
            return reader.Read() ? StoredRows.Phone(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<ProvisionedPhone>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ProvisionedPhone>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {StoredRows.InventoryColumns} FROM inventory ORDER BY mac;";
            using var reader = command.ExecuteReader();
            var phones = new List<ProvisionedPhone>();
            while (reader.Read())
            {
                phones.Add(StoredRows.Phone(reader));
            }

            return phones;
        }, cancellationToken);

    public Task SaveAsync(IReadOnlyList<ProvisionedPhone> phones, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"""
                INSERT OR REPLACE INTO inventory ({StoredRows.InventoryColumns})
                VALUES ($mac, $model, $extensions, $name, $language, $user, $password, $token, $previous, $until, $updated, $enrollment);
                """;
            foreach (var phone in phones)
            {
                var p = command.Parameters;
                p.Clear();
                p.AddWithValue("$mac", phone.Mac.Value);
                p.AddWithValue("$model", phone.Model.Value);
                p.AddWithValue("$extensions", string.Join(' ', phone.Extensions.Select(e => e.Value)));
                p.AddWithValue("$name", (object?)phone.DisplayName ?? DBNull.Value);
                p.AddWithValue("$language", phone.Language is { } language ? EnumIds.Id(language) : DBNull.Value);
                p.AddWithValue("$user", (object?)phone.WebLogin?.User ?? DBNull.Value);
                p.AddWithValue("$password", (object?)phone.WebLogin?.Password ?? DBNull.Value);
                p.AddWithValue("$token", phone.Token.Current);
                p.AddWithValue("$previous", (object?)phone.Token.Previous ?? DBNull.Value);
                p.AddWithValue("$until", phone.Token.PreviousValidUntil is { } until ? until.ToUnixTimeMilliseconds() : DBNull.Value);
                p.AddWithValue("$updated", phone.UpdatedAt.ToUnixTimeMilliseconds());
                p.AddWithValue("$enrollment", phone.EnrollmentUntil is { } enrollment ? enrollment.ToUnixTimeMilliseconds() : DBNull.Value);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            return phones.Count;
        }, cancellationToken);

    public async Task<bool> DeleteAsync(MacAddress mac, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("DELETE FROM inventory WHERE mac = $mac;", p => p.AddWithValue("$mac", mac.Value), cancellationToken).ConfigureAwait(false) > 0;
}
