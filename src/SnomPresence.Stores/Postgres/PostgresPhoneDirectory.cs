using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

internal sealed class PostgresPhoneDirectory(NpgsqlDataSource dataSource) : IPhoneDirectory
{
    public async Task RecordAsync(KnownPhone phone, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO phones (id, ext, mac, address, seen_at) VALUES (@id, @ext, @mac, @address, @seen)
            ON CONFLICT (id) DO UPDATE SET ext = excluded.ext, mac = coalesce(excluded.mac, phones.mac), address = excluded.address,
                seen_at = excluded.seen_at;
            """);
        command.Parameters.AddWithValue("id", phone.Id);
        command.Parameters.AddWithValue("ext", phone.Extension.Value);
        command.Parameters.AddWithValue("mac", NpgsqlTypes.NpgsqlDbType.Text, (object?)phone.Mac ?? DBNull.Value);
        command.Parameters.AddWithValue("address", phone.Address);
        command.Parameters.AddWithValue("seen", phone.SeenAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<KnownPhone>> FindAsync(Extension extension, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, mac, address, seen_at FROM phones WHERE ext = @ext ORDER BY id;");
        command.Parameters.AddWithValue("ext", extension.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var phones = new List<KnownPhone>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            phones.Add(new KnownPhone(
                reader.GetString(0),
                extension,
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return phones;
    }
}
