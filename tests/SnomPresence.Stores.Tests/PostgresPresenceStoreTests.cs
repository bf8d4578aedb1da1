using Npgsql;
using SnomPresence.Presence;
using SnomPresence.Stores.Postgres;

namespace SnomPresence.Stores.Tests;

/// <summary>The store contract through the in-memory read cache the service puts in front of every store.</summary>
public sealed class CachedPostgresPresenceStoreTests : PostgresPresenceStoreTests
{
    protected override IPresenceStore Wrap(IPresenceStore store) => new CachingPresenceStore(store, Feed);

    protected override IPhoneInventory Wrap(IPhoneInventory inventory) => new CachingPhoneInventory(inventory);

    protected override IColleagueStore Wrap(IColleagueStore colleagues) => new CachingColleagueStore(colleagues);
}

/// <summary>The store contract on a real PostgreSQL server, in a database of its own for each test.</summary>
public class PostgresPresenceStoreTests : PresenceStoreContract
{
    private readonly List<StoreBackend> _backends = [];
    private string _database = null!;

    protected string ConnectionString { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        _database = "snompresence_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = NpgsqlDataSource.Create(TestServers.Postgres))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {_database};");
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Database = _database }.ConnectionString;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        _backends.ForEach(b => b.Dispose());
        await using var admin = NpgsqlDataSource.Create(TestServers.Postgres);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE);");
        await drop.ExecuteNonQueryAsync();
    }

    protected override Task<StorePorts> CreateStoreAsync() => OpenAsync();

    protected override Task<StorePorts> ReopenAsync() => OpenAsync();

    protected virtual IPresenceStore Wrap(IPresenceStore store) => store;

    protected virtual IPhoneInventory Wrap(IPhoneInventory inventory) => inventory;

    protected virtual IColleagueStore Wrap(IColleagueStore colleagues) => colleagues;

    /// <summary>Another instance on the same database: its own connections, its own id, its own feed.</summary>
    private protected async Task<StoreBackend> OpenBackendAsync(PresenceChangeBroadcaster feed, StoreInstance instance)
    {
        var backend = PostgresBackend.Create(NpgsqlDataSource.Create(ConnectionString), feed, instance);
        _backends.Add(backend);
        await backend.MigrateAsync(default);
        return backend;
    }

    private async Task<StorePorts> OpenAsync()
    {
        var backend = await OpenBackendAsync(Feed, new StoreInstance());
        return new StorePorts(Wrap(backend.Presence), backend.Outbox, backend.Phones, Wrap(backend.Inventory), backend.AdminSessions, Wrap(backend.Colleagues));
    }
}

/// <summary>What only a store shared by several instances must do, on PostgreSQL.</summary>
public sealed class PostgresSharedStoreTests : PostgresPresenceStoreTests
{
    [Fact]
    public async Task Migrate_ByInstancesStartingTogether_RunsOnce()
    {
        var instances = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenBackendAsync(new PresenceChangeBroadcaster(), new StoreInstance())));

        await using var connection = NpgsqlDataSource.Create(ConnectionString);
        await using var count = connection.CreateCommand("SELECT count(*) FROM schema_version;");
        Assert.Equal((long)PostgresSchema.LatestVersion, await count.ExecuteScalarAsync());
        Assert.Equal(4, instances.Length);
    }

    [Fact]
    public async Task ChangeThroughA_ReachesBsCacheAndFeed_AndAIgnoresItsOwnNotice()
    {
        var (a, aFeed, aApplier) = await InstanceAsync();
        var (b, bFeed, bApplier) = await InstanceAsync();
        using var listening = new CancellationTokenSource();
        var listeners = new[] { a.ListenAsync!(aApplier.Applier, listening.Token), b.ListenAsync!(bApplier.Applier, listening.Token) };
        using var bChanges = bFeed.Subscribe();
        await WaitUntilListeningAsync(aApplier.Presence, bChanges);
        using var aChanges = aFeed.Subscribe();
        var ext = Extension.Parse("201");
        var created = State(ext, PresenceStatus.Available, 1);
        Assert.True(await aApplier.Presence.TrySaveAsync(null, created, Entry(created), PbxChanges.None, default));
        // B hears of the new extension and caches it, so the next notice finds it as the previous state.
        Assert.Null((await ReadUntilAsync(bChanges, c => c.Current.Extension == ext)).Previous);
        Assert.Equal(1, (await bApplier.Presence.GetAsync(ext, default))?.Version);

        var dnd = created with { Status = PresenceStatus.Dnd, Version = 2 };
        Assert.True(await aApplier.Presence.TrySaveAsync(created, dnd, Entry(dnd), PbxChanges.None, default));

        await WaitForAsync(async () => (await bApplier.Presence.GetAsync(ext, default))?.Status == PresenceStatus.Dnd, "B's cache shows DND");
        var heard = await ReadUntilAsync(bChanges, c => c.Current.Extension == ext && c.Current.Version == 2);
        Assert.True(heard.FromOtherInstance);
        Assert.Equal(PresenceStatus.Available, heard.Previous?.Status);
        Assert.Equal(ChangeKind.Status, heard.Entry.Kind);
        var own = await ReadUntilAsync(aChanges, c => c.Current.Extension == ext && c.Current.Version == 2);
        Assert.False(own.FromOtherInstance);
        await Task.Delay(200);
        Assert.False(aChanges.Reader.TryRead(out var extra) && extra.Current.Extension == ext && extra.Current.Version == 2, "A published its own change twice");

        await listening.CancelAsync();
        await Task.WhenAll(listeners.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    [Fact]
    public async Task GroupAndFavouritesSavedThroughA_AreReadAfreshByB()
    {
        var (a, _, aCaches) = await InstanceAsync();
        var (b, _, bCaches) = await InstanceAsync();
        using var listening = new CancellationTokenSource();
        var listener = b.ListenAsync!(bCaches.Applier, listening.Token);
        var owner = Extension.Parse("201");
        var group = new ColleagueGroup(GroupId.Parse("vertrieb"), "Vertrieb", [Extension.Parse("201"), Extension.Parse("202")], GroupSource.Admin);
        await aCaches.Colleagues.SaveGroupAsync(group, default);
        await WaitForAsync(async () => (await bCaches.Colleagues.ListGroupsAsync(default)).Count == 1, "B sees the group");
        Assert.Empty(await bCaches.Colleagues.GetFavouritesAsync(owner, default));

        await aCaches.Colleagues.SaveGroupAsync(group with { Name = "Verkauf" }, default);
        await aCaches.Colleagues.SaveFavouritesAsync(owner, [Extension.Parse("202")], default);

        await WaitForAsync(async () => (await bCaches.Colleagues.ListGroupsAsync(default))[0].Name == "Verkauf", "B sees the renamed group");
        await WaitForAsync(async () => (await bCaches.Colleagues.GetFavouritesAsync(owner, default)).SequenceEqual([Extension.Parse("202")]), "B sees the favourite");
        await listening.CancelAsync();
        await listener.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task PhoneSavedThroughA_IsReadAfreshByB()
    {
        var (a, _, aApplier) = await InstanceAsync();
        var (b, _, bApplier) = await InstanceAsync();
        using var listening = new CancellationTokenSource();
        var listener = b.ListenAsync!(bApplier.Applier, listening.Token);
        var phone = new ProvisionedPhone(
            MacAddress.Parse("000413A11FA7"), PhoneModel.Parse("D785"), [Extension.Parse("201")], null, null, null, new PhoneToken("first", null, null), T0);
        await aApplier.Inventory.SaveAsync([phone], default);
        await WaitForAsync(async () => (await bApplier.Inventory.GetAsync(phone.Mac, default))?.Token.Current == "first", "B sees the phone");

        await aApplier.Inventory.SaveAsync([phone with { Token = new PhoneToken("second", "first", T0.AddDays(1)) }], default);

        await WaitForAsync(async () => (await bApplier.Inventory.GetAsync(phone.Mac, default))?.Token.Current == "second", "B sees the rotated token");
        await listening.CancelAsync();
        await listener.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private sealed record Caches(CachingPresenceStore Presence, CachingPhoneInventory Inventory, CachingColleagueStore Colleagues, StoreNoticeApplier Applier);

    private async Task<(StoreBackend Backend, PresenceChangeBroadcaster Feed, Caches Caches)> InstanceAsync()
    {
        var feed = new PresenceChangeBroadcaster();
        var instance = new StoreInstance();
        var backend = await OpenBackendAsync(feed, instance);
        var presence = new CachingPresenceStore(backend.Presence, feed);
        var inventory = new CachingPhoneInventory(backend.Inventory);
        var colleagues = new CachingColleagueStore(backend.Colleagues);
        return (backend, feed, new Caches(presence, inventory, colleagues, new StoreNoticeApplier(instance, presence, inventory, colleagues, feed)));
    }

    /// <summary>LISTEN takes effect some time after the listener starts: A changes a spare extension until B hears of it.</summary>
    private static async Task WaitUntilListeningAsync(IPresenceStore a, PresenceSubscription bChanges)
    {
        var spare = Extension.Parse("999");
        PresenceState? current = null;
        for (var version = 1; version <= 100; version++)
        {
            var next = State(spare, version % 2 == 0 ? PresenceStatus.Dnd : PresenceStatus.Available, version);
            Assert.True(await a.TrySaveAsync(current, next, Entry(next), PbxChanges.None, default));
            current = next;
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            try
            {
                await bChanges.Reader.WaitToReadAsync(wait.Token);
                while (bChanges.Reader.TryRead(out _))
                {
                }

                return;
            }
            catch (OperationCanceledException)
            {
                // Not listening yet.
            }
        }

        Assert.Fail("B never started listening.");
    }

    private static PresenceState State(Extension ext, PresenceStatus status, long version) =>
        new(ext, status, T0, ChangeSource.Phone, null, version, ForwardingSettings.Default);

    private static PresenceHistoryEntry Entry(PresenceState state) =>
        new(state.Extension, state.Version, T0, state.Version == 1 ? ChangeKind.Created : ChangeKind.Status, state.Status, null, ChangeSource.Phone, null);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        for (var waited = 0; !await condition(); waited += 20)
        {
            Assert.True(waited < 10_000, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    private static async Task<PresenceChanged> ReadUntilAsync(PresenceSubscription subscription, Func<PresenceChanged, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var change = await subscription.Reader.ReadAsync(timeout.Token);
            if (match(change))
            {
                return change;
            }
        }
    }
}
