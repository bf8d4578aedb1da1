using Npgsql;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Postgres;

/// <summary>Groups and favourites; every change is announced so the other instances read them afresh.</summary>
internal sealed class PostgresColleagueStore(NpgsqlDataSource dataSource, StoreInstance instance) : IColleagueStore
{
    public async Task<IReadOnlyList<ColleagueGroup>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {StoredRows.GroupColumns} FROM colleague_groups ORDER BY id COLLATE \"C\";");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var groups = new List<ColleagueGroup>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            groups.Add(StoredRows.Group(reader));
        }

        return groups;
    }

    public Task SaveGroupAsync(ColleagueGroup group, CancellationToken cancellationToken) =>
        WriteAsync(
            $"""
            INSERT INTO colleague_groups ({StoredRows.GroupColumns}) VALUES (@id, @name, @source, @members)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, source = excluded.source, members = excluded.members;
            """,
            p =>
            {
                p.AddWithValue("id", group.Id.Value);
                p.AddWithValue("name", group.Name);
                p.AddWithValue("source", EnumIds.Id(group.Source));
                p.AddWithValue("members", StoredRows.ExtensionList(group.Members));
            },
            cancellationToken);

    public async Task<bool> DeleteGroupAsync(GroupId id, CancellationToken cancellationToken) =>
        await WriteAsync("DELETE FROM colleague_groups WHERE id = @id;", p => p.AddWithValue("id", id.Value), cancellationToken).ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<Extension>> GetFavouritesAsync(Extension owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT favourites FROM favourites WHERE ext = @ext;");
        command.Parameters.AddWithValue("ext", owner.Value);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string stored ? StoredRows.ExtensionList(stored) : [];
    }

    public Task SaveFavouritesAsync(Extension owner, IReadOnlyList<Extension> favourites, CancellationToken cancellationToken) =>
        WriteAsync(
            favourites.Count == 0
                ? "DELETE FROM favourites WHERE ext = @ext;"
                : "INSERT INTO favourites (ext, favourites) VALUES (@ext, @favourites) ON CONFLICT (ext) DO UPDATE SET favourites = excluded.favourites;",
            p =>
            {
                p.AddWithValue("ext", owner.Value);
                if (favourites.Count > 0)
                {
                    p.AddWithValue("favourites", StoredRows.ExtensionList(favourites));
                }
            },
            cancellationToken);

    public async Task<IReadOnlyList<(Extension Owner, IReadOnlyList<Extension> Favourites)>> ListFavouritesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT ext, favourites FROM favourites;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var all = new List<(Extension Owner, IReadOnlyList<Extension> Favourites)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add((Extension.Parse(reader.GetString(0)), StoredRows.ExtensionList(reader.GetString(1))));
        }

        return [.. all.OrderBy(f => f.Owner, Extension.Order)];
    }

    /// <summary>The change and its notice in one transaction: the others hear of it exactly when it is there to read.</summary>
    private async Task<int> WriteAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        bind(command.Parameters);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (changed > 0)
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @notice);", connection, transaction);
            notify.Parameters.AddWithValue("channel", StoreNotice.Channel);
            notify.Parameters.AddWithValue("notice", StoreNotice.ColleaguesChanged(instance.Id));
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }
}
