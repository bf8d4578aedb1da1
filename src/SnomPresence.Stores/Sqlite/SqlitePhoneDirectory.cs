using SnomPresence.Presence;

namespace SnomPresence.Stores.Sqlite;

internal sealed class SqlitePhoneDirectory(SqliteDatabase database) : IPhoneDirectory
{
    public Task RecordAsync(KnownPhone phone, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            """
            INSERT INTO phones (id, ext, mac, address, seen_at) VALUES ($id, $ext, $mac, $address, $seen)
            ON CONFLICT (id) DO UPDATE SET ext = excluded.ext, mac = coalesce(excluded.mac, mac), address = excluded.address,
                seen_at = excluded.seen_at;
            """,
            p =>
            {
                p.AddWithValue("$id", phone.Id);
                p.AddWithValue("$ext", phone.Extension.Value);
                p.AddWithValue("$mac", (object?)phone.Mac ?? DBNull.Value);
                p.AddWithValue("$address", phone.Address);
                p.AddWithValue("$seen", phone.SeenAt.ToUnixTimeMilliseconds());
            },
            cancellationToken);

    public Task<IReadOnlyList<KnownPhone>> FindAsync(Extension extension, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<KnownPhone>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, mac, address, seen_at FROM phones WHERE ext = $ext ORDER BY id;";
            command.Parameters.AddWithValue("$ext", extension.Value);
            using var reader = command.ExecuteReader();
            var phones = new List<KnownPhone>();
            while (reader.Read())
            {
                phones.Add(new KnownPhone(
                    reader.GetString(0),
                    extension,
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
            }

            return phones;
        }, cancellationToken);

}
