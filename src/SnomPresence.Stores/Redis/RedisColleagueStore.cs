using System.Text.Json;
using SnomPresence.Presence;
using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>
/// Groups in one hash (id to the group's JSON document) and favourites in another (extension to its favourites,
/// separated by spaces). Every write tells the other instances in the same MULTI/EXEC.
/// </summary>
internal sealed class RedisColleagueStore(RedisConnection connection, StoreInstance instance) : IColleagueStore
{
    internal static RedisKey GroupsKey(RedisConnection connection) => connection.Key("groups");

    internal static RedisKey FavouritesKey(RedisConnection connection) => connection.Key("favourites");

    public async Task<IReadOnlyList<ColleagueGroup>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        var entries = await connection.Database.HashGetAllAsync(GroupsKey(connection)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => Read(GroupId.Parse(e.Name.ToString()), e.Value.ToString())).OrderBy(g => g.Id.Value, StringComparer.Ordinal)];
    }

    public Task SaveGroupAsync(ColleagueGroup group, CancellationToken cancellationToken) =>
        WriteAsync(t => t.HashSetAsync(GroupsKey(connection), group.Id.Value, Write(group)), cancellationToken);

    public async Task<bool> DeleteGroupAsync(GroupId id, CancellationToken cancellationToken) =>
        await WriteAsync(t => t.HashDeleteAsync(GroupsKey(connection), id.Value), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<Extension>> GetFavouritesAsync(Extension owner, CancellationToken cancellationToken)
    {
        var stored = await connection.Database.HashGetAsync(FavouritesKey(connection), owner.Value).WaitAsync(cancellationToken).ConfigureAwait(false);
        return stored.IsNullOrEmpty ? [] : StoredRows.ExtensionList(stored.ToString());
    }

    public Task SaveFavouritesAsync(Extension owner, IReadOnlyList<Extension> favourites, CancellationToken cancellationToken) =>
        WriteAsync(
            t => favourites.Count == 0
                ? t.HashDeleteAsync(FavouritesKey(connection), owner.Value)
                : t.HashSetAsync(FavouritesKey(connection), owner.Value, StoredRows.ExtensionList(favourites)),
            cancellationToken);

    public async Task<IReadOnlyList<(Extension Owner, IReadOnlyList<Extension> Favourites)>> ListFavouritesAsync(CancellationToken cancellationToken)
    {
        var entries = await connection.Database.HashGetAllAsync(FavouritesKey(connection)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries
            .Select(e => (Owner: Extension.Parse(e.Name.ToString()), Favourites: (IReadOnlyList<Extension>)StoredRows.ExtensionList(e.Value.ToString())))
            .OrderBy(f => f.Owner, Extension.Order)];
    }

    internal static string Write(ColleagueGroup group) => JsonSerializer.Serialize(
        new GroupDocument(group.Name, EnumIds.Id(group.Source), [.. group.Members.Select(m => m.Value)]), RedisJsonContext.Default.GroupDocument);

    private static ColleagueGroup Read(GroupId id, string json)
    {
        var document = JsonSerializer.Deserialize(json, RedisJsonContext.Default.GroupDocument)
            ?? throw new InvalidDataException($"Stored group {id} is empty.");
        return new ColleagueGroup(id, document.Name, [.. document.Members.Select(Extension.Parse)], EnumIds.Parse<GroupSource>(document.Source));
    }

    private async Task<T> WriteAsync<T>(Func<ITransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var transaction = connection.Database.CreateTransaction();
        var result = write(transaction);
        var notice = transaction.PublishAsync(connection.Channel, StoreNotice.ColleaguesChanged(instance.Id));
        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            throw new InvalidOperationException("Redis did not run the colleagues transaction.");
        }

        await notice.ConfigureAwait(false);
        return await result.ConfigureAwait(false);
    }
}
