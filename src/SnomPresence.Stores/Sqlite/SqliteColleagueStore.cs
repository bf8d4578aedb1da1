using SnomPresence.Presence;

namespace SnomPresence.Stores.Sqlite;

internal sealed class SqliteColleagueStore(SqliteDatabase database) : IColleagueStore
{
    public Task<IReadOnlyList<ColleagueGroup>> ListGroupsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ColleagueGroup>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {StoredRows.GroupColumns} FROM colleague_groups ORDER BY id;";
            using var reader = command.ExecuteReader();
            var groups = new List<ColleagueGroup>();
            while (reader.Read())
            {
                groups.Add(StoredRows.Group(reader));
            }

            return groups;
        }, cancellationToken);

    public Task SaveGroupAsync(ColleagueGroup group, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            $"INSERT OR REPLACE INTO colleague_groups ({StoredRows.GroupColumns}) VALUES ($id, $name, $source, $members);",
            p =>
            {
                p.AddWithValue("$id", group.Id.Value);
                p.AddWithValue("$name", group.Name);
                p.AddWithValue("$source", EnumIds.Id(group.Source));
                p.AddWithValue("$members", StoredRows.ExtensionList(group.Members));
            },
            cancellationToken);

    public async Task<bool> DeleteGroupAsync(GroupId id, CancellationToken cancellationToken) =>
        await database.ExecuteAsync("DELETE FROM colleague_groups WHERE id = $id;", p => p.AddWithValue("$id", id.Value), cancellationToken).ConfigureAwait(false) > 0;

    public Task<IReadOnlyList<Extension>> GetFavouritesAsync(Extension owner, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Extension>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT favourites FROM favourites WHERE ext = $ext;";
            command.Parameters.AddWithValue("$ext", owner.Value);
            return command.ExecuteScalar() is string stored ? StoredRows.ExtensionList(stored) : [];
        }, cancellationToken);

    public Task SaveFavouritesAsync(Extension owner, IReadOnlyList<Extension> favourites, CancellationToken cancellationToken) =>
        database.ExecuteAsync(
            favourites.Count == 0 ? "DELETE FROM favourites WHERE ext = $ext;" : "INSERT OR REPLACE INTO favourites (ext, favourites) VALUES ($ext, $favourites);",
            p =>
            {
                p.AddWithValue("$ext", owner.Value);
                p.AddWithValue("$favourites", StoredRows.ExtensionList(favourites));
            },
            cancellationToken);

    public Task<IReadOnlyList<(Extension Owner, IReadOnlyList<Extension> Favourites)>> ListFavouritesAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<(Extension, IReadOnlyList<Extension>)>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT ext, favourites FROM favourites;";
            using var reader = command.ExecuteReader();
            var all = new List<(Extension, IReadOnlyList<Extension>)>();
            while (reader.Read())
            {
                all.Add((Extension.Parse(reader.GetString(0)), StoredRows.ExtensionList(reader.GetString(1))));
            }

            return [.. all.OrderBy(f => f.Item1, Extension.Order)];
        }, cancellationToken);
}
