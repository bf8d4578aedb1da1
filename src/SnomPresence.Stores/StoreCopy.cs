using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Presence;
using SnomPresence.Stores.Sqlite;

namespace SnomPresence.Stores;

/// <summary>Everything a store holds, read through its ports.</summary>
internal sealed record StoreSnapshot(
    IReadOnlyList<PresenceState> States,
    IReadOnlyList<PresenceHistoryEntry> History,
    IReadOnlyList<PbxOutboxEntry> Outbox,
    IReadOnlyList<KnownPhone> Phones,
    IReadOnlyList<ProvisionedPhone> Inventory,
    IReadOnlyList<ColleagueGroup> Groups,
    IReadOnlyList<(Extension Owner, IReadOnlyList<Extension> Favourites)> Favourites)
{
    public static async Task<StoreSnapshot> ReadAsync(StoreBackend backend, CancellationToken cancellationToken)
    {
        var states = await backend.Presence.ListAsync(cancellationToken).ConfigureAwait(false);
        var history = new List<PresenceHistoryEntry>();
        var phones = new Dictionary<string, KnownPhone>();
        foreach (var state in states)
        {
            history.AddRange(await backend.Presence.GetHistoryAsync(state.Extension, int.MaxValue, cancellationToken).ConfigureAwait(false));
            foreach (var phone in await backend.Phones.FindAsync(state.Extension, cancellationToken).ConfigureAwait(false))
            {
                phones[phone.Id] = phone;
            }
        }

        return new StoreSnapshot(
            states,
            history,
            [
                .. await backend.Outbox.PeekAsync(int.MaxValue, cancellationToken).ConfigureAwait(false),
                .. await backend.Outbox.ListParkedAsync(cancellationToken).ConfigureAwait(false),
            ],
            [.. phones.Values],
            await backend.Inventory.ListAsync(cancellationToken).ConfigureAwait(false),
            await backend.Colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false),
            await backend.Colleagues.ListFavouritesAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Groups and favourites go through the target's own port, which also tells running instances.</summary>
    public async Task WriteColleaguesAsync(IColleagueStore target, CancellationToken cancellationToken)
    {
        foreach (var group in Groups)
        {
            await target.SaveGroupAsync(group, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (owner, favourites) in Favourites)
        {
            await target.SaveFavouritesAsync(owner, favourites, cancellationToken).ConfigureAwait(false);
        }
    }

    public override string ToString() =>
        $"{States.Count} extension(s) with {History.Count} history entries, {Outbox.Count} change(s) waiting for the PBX, {Phones.Count} known phone address(es), {Inventory.Count} phone(s) in the inventory, {Groups.Count} group(s), favourites of {Favourites.Count} extension(s)";
}

/// <summary>What <c>store copy</c> did.</summary>
public sealed record StoreCopyReport(int Extensions, int HistoryEntries, int OutboxEntries, int Phones, int InventoryPhones, int Groups, int FavouriteLists);

public static class StoreCopy
{
    /// <summary>
    /// Copies the SQLite store at <paramref name="sqlitePath"/> into the configured shared store (migrated first),
    /// which must be empty. Answers what was copied, counted again in the target.
    /// </summary>
    public static async Task<StoreCopyReport> CopySqliteIntoConfiguredStoreAsync(this IServiceProvider services, string sqlitePath, CancellationToken cancellationToken)
    {
        var target = services.GetRequiredService<StoreBackend>();
        if (target.ImportAsync is not { } importAsync)
        {
            throw new InvalidOperationException("Store:Provider must be Postgres or Redis: the copy goes from an SQLite file into a shared store.");
        }

        if (!File.Exists(sqlitePath))
        {
            throw new InvalidOperationException($"There is no SQLite store at {sqlitePath}.");
        }

        await target.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if ((await target.Presence.ListAsync(cancellationToken).ConfigureAwait(false)).Count > 0
            || (await target.Inventory.ListAsync(cancellationToken).ConfigureAwait(false)).Count > 0
            || (await target.Colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new InvalidOperationException("The target store is not empty; copy only into a new, empty store.");
        }

        using var source = SqliteBackend.Open(Path.GetFullPath(sqlitePath), new PresenceChangeBroadcaster());
        await source.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await StoreSnapshot.ReadAsync(source, cancellationToken).ConfigureAwait(false);
        await importAsync(snapshot, cancellationToken).ConfigureAwait(false);

        var copied = await StoreSnapshot.ReadAsync(target, cancellationToken).ConfigureAwait(false);
        return new StoreCopyReport(
            copied.States.Count, copied.History.Count, copied.Outbox.Count, copied.Phones.Count, copied.Inventory.Count, copied.Groups.Count, copied.Favourites.Count);
    }
}
