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
    /// <param name="progress">Told how many extensions are read so far, of how many.</param>
    public static async Task<StoreSnapshot> ReadAsync(StoreBackend backend, CancellationToken cancellationToken, StoreProgress? progress = null)
    {
        var states = await backend.Presence.ListAsync(cancellationToken).ConfigureAwait(false);
        var history = new List<PresenceHistoryEntry>();
        var phones = new Dictionary<string, KnownPhone>();
        var read = progress?.Invoke("Extensions read", states.Count);
        foreach (var (index, state) in states.Index())
        {
            read?.Report(index);
            history.AddRange(await backend.Presence.GetHistoryAsync(state.Extension, int.MaxValue, cancellationToken).ConfigureAwait(false));
            foreach (var phone in await backend.Phones.FindAsync(state.Extension, cancellationToken).ConfigureAwait(false))
            {
                phones[phone.Id] = phone;
            }
        }

        read?.Report(states.Count);

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

    public StoreCounts Counts => new(States.Count, History.Count, Outbox.Count, Phones.Count, Inventory.Count, Groups.Count, Favourites.Count);

    public override string ToString() => Counts.ToString();
}

/// <summary>How much a store holds.</summary>
public sealed record StoreCounts(int Extensions, int HistoryEntries, int OutboxEntries, int Phones, int InventoryPhones, int Groups, int FavouriteLists)
{
    public override string ToString() =>
        $"{Extensions} extension(s) with {HistoryEntries} history entries, {OutboxEntries} change(s) waiting for the PBX, {Phones} known phone address(es), {InventoryPhones} phone(s) in the inventory, {Groups} group(s), favourites of {FavouriteLists} extension(s)";
}

/// <summary>Starts counting one step of a long store operation, of a total when known; answers where to report the count.</summary>
public delegate IProgress<int> StoreProgress(string step, int? total);

public static class StoreCopy
{
    /// <summary>
    /// Copies the SQLite store at <paramref name="sqlitePath"/> into the configured shared store (migrated first),
    /// which must be empty. Answers what was copied, counted again in the target.
    /// </summary>
    public static async Task<StoreCounts> CopySqliteIntoConfiguredStoreAsync(
        this IServiceProvider services, string sqlitePath, CancellationToken cancellationToken, StoreProgress? progress = null)
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
        var snapshot = await StoreSnapshot.ReadAsync(source, cancellationToken, progress).ConfigureAwait(false);
        var counts = snapshot.Counts;
        await importAsync(snapshot, progress?.Invoke("Records written", counts.Extensions + counts.HistoryEntries + counts.OutboxEntries + counts.Phones + counts.InventoryPhones),
            cancellationToken).ConfigureAwait(false);

        return (await StoreSnapshot.ReadAsync(target, cancellationToken).ConfigureAwait(false)).Counts;
    }
}
