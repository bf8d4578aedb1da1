using System.Diagnostics;
using SnomPresence.Presence;
using SnomPresence.Stores.Redis;
using StackExchange.Redis;

namespace SnomPresence.Stores.Tests;

/// <summary>The store contract through the in-memory read cache the service puts in front of every store.</summary>
public sealed class CachedRedisPresenceStoreTests : RedisPresenceStoreTests
{
    protected override IPresenceStore Wrap(IPresenceStore store) => new CachingPresenceStore(store, Feed);

    protected override IPhoneInventory Wrap(IPhoneInventory inventory) => new CachingPhoneInventory(inventory);

    protected override IColleagueStore Wrap(IColleagueStore colleagues) => new CachingColleagueStore(colleagues);
}

/// <summary>The store contract on a real Redis server, under a key prefix of its own.</summary>
public class RedisPresenceStoreTests : PresenceStoreContract
{
    private readonly string _prefix = RedisTestServer.NewPrefix();
    private readonly List<IDisposable> _backends = [];
    private IConnectionMultiplexer? _multiplexer;

    protected override async Task<StorePorts> CreateStoreAsync()
    {
        _multiplexer = await RedisTestServer.ConnectAsync();
        return await OpenAsync(_multiplexer);
    }

    // A new connection, as after a restart; the backend owns it.
    protected override async Task<StorePorts> ReopenAsync() => await OpenAsync(await RedisTestServer.ConnectAsync());

    public override async Task DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await RedisTestServer.DeleteKeysAsync(_multiplexer, _prefix);
        }

        _backends.ForEach(b => b.Dispose());
    }

    protected virtual IPresenceStore Wrap(IPresenceStore store) => store;

    protected virtual IPhoneInventory Wrap(IPhoneInventory inventory) => inventory;

    protected virtual IColleagueStore Wrap(IColleagueStore colleagues) => colleagues;

    private async Task<StorePorts> OpenAsync(IConnectionMultiplexer multiplexer)
    {
        var backend = RedisBackend.Create(multiplexer, _prefix, Feed, new StoreInstance(), TimeProvider.System);
        _backends.Add(backend);
        await backend.MigrateAsync(default);
        return new StorePorts(Wrap(backend.Presence), backend.Outbox, backend.Phones, Wrap(backend.Inventory), backend.AdminSessions, Wrap(backend.Colleagues));
    }
}

/// <summary>What only a store shared through Redis has: its notices to the other instances, its leases and its schema key.</summary>
public sealed class RedisStoreNoticeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 30, 15, 123, TimeSpan.Zero);
    private static readonly Extension Ext = Extension.Parse("201");

    private readonly string _prefix = RedisTestServer.NewPrefix();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _listeners = [];
    private Instance _a = null!;
    private Instance _b = null!;

    public async Task InitializeAsync()
    {
        _a = await Instance.StartAsync(_prefix);
        _b = await Instance.StartAsync(_prefix);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var listener in _listeners)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listener);
        }

        if (_a is not null)
        {
            await RedisTestServer.DeleteKeysAsync(_a.Multiplexer, _prefix);
        }

        _a?.Dispose();
        _b?.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task PresenceChange_OnA_RefreshesBsCacheAndFeed_WhileAIgnoresItsOwnNotice()
    {
        using var feedA = _a.Feed.Subscribe();
        using var feedB = _b.Feed.Subscribe();
        await ListenAsync(_a, _b);
        var v1 = PresenceState.Create(Ext, ChangeSource.Phone, T0);
        Assert.True(await _a.Presence.TrySaveAsync(null, v1, Entry(v1, ChangeKind.Created), PbxChanges.None, default));
        Assert.Equal(v1, await _b.Presence.GetAsync(Ext, default));
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd, Since = T0.AddMinutes(1) };

        Assert.True(await _a.Presence.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.None, default));

        var heard = (await ReadUntilAsync(feedB, c => c.FromOtherInstance && c.Current.Version == 2))[^1];
        Assert.Equal(v2, heard.Current);
        Assert.Equal(2, heard.Entry.Version);
        Assert.Equal(v2, await _b.Presence.GetAsync(Ext, default));

        // A's own notices travel the same channel before B's: had A's applier taken them, they would come first.
        var v3 = v2 with { Version = 3, Status = PresenceStatus.Available, Since = T0.AddMinutes(2) };
        Assert.True(await _b.Presence.TrySaveAsync(v2, v3, Entry(v3, ChangeKind.Status), PbxChanges.None, default));
        var seenByA = await ReadUntilAsync(feedA, c => c.FromOtherInstance);
        Assert.Equal([(1L, false), (2L, false), (3L, true)], seenByA.Select(c => (c.Current.Version, c.FromOtherInstance)));
        Assert.Equal(v3, seenByA[^1].Current);
        Assert.Equal(v3, await _a.Presence.GetAsync(Ext, default));
    }

    [Fact]
    public async Task InventorySave_OnA_MakesBReReadThePhone()
    {
        await ListenAsync(_b);
        var phone = new ProvisionedPhone(
            MacAddress.Parse("000413A11FA7"), PhoneModel.Parse("D785"), [Ext], null, null, new PhoneWebLogin("admin", "web-secret"), PhoneToken.New(), T0);
        await _a.Inventory.SaveAsync([phone], default);
        Assert.Equal(phone.Token, (await _b.Inventory.GetAsync(phone.Mac, default))!.Token);
        var rotated = phone with { Token = phone.Token.Rotate(T0.AddDays(1)), UpdatedAt = T0.AddMinutes(1) };

        await _a.Inventory.SaveAsync([rotated], default);

        await UntilAsync(async () => (await _b.Inventory.GetAsync(phone.Mac, default))!.Token == rotated.Token, "B reads the rotated token");
        Assert.Equal(rotated.Token, (await _b.Inventory.GetAsync(phone.Mac, default))!.Token);
    }

    [Fact]
    public async Task GroupAndFavourites_ChangedOnA_AreReadAfreshByB()
    {
        await ListenAsync(_b);
        var group = new ColleagueGroup(GroupId.Parse("vertrieb"), "Vertrieb", [Ext, Extension.Parse("202")], GroupSource.Admin);
        await _a.Colleagues.SaveGroupAsync(group, default);
        Assert.Equal([group], await _b.Colleagues.ListGroupsAsync(default));
        Assert.Empty(await _b.Colleagues.GetFavouritesAsync(Ext, default));

        Assert.True(await _a.Colleagues.DeleteGroupAsync(group.Id, default));
        await _a.Colleagues.SaveFavouritesAsync(Ext, [Extension.Parse("202")], default);

        await UntilAsync(async () => (await _b.Colleagues.ListGroupsAsync(default)).Count == 0, "B no longer lists the group");
        await UntilAsync(async () => (await _b.Colleagues.GetFavouritesAsync(Ext, default)).SequenceEqual([Extension.Parse("202")]), "B reads the favourite");
    }

    [Fact]
    public async Task InventoryDelete_OnA_MakesBForgetThePhone()
    {
        await ListenAsync(_b);
        var phone = new ProvisionedPhone(
            MacAddress.Parse("000413A11FA8"), PhoneModel.Parse("D385"), [Ext], null, null, null, PhoneToken.New(), T0);
        await _a.Inventory.SaveAsync([phone], default);
        Assert.NotNull(await _b.Inventory.GetAsync(phone.Mac, default));

        Assert.True(await _a.Inventory.DeleteAsync(phone.Mac, default));

        await UntilAsync(async () => await _b.Inventory.GetAsync(phone.Mac, default) is null, "B no longer finds the phone");
    }

    [Fact]
    public async Task Lease_HeldByA_IsRefusedToBUntilReleased()
    {
        var duration = TimeSpan.FromMinutes(1);
        Assert.True(await _a.Backend.Leases.TryHoldAsync("pbx", duration, default));

        Assert.False(await _b.Backend.Leases.TryHoldAsync("pbx", duration, default));
        Assert.True(await _a.Backend.Leases.TryHoldAsync("pbx", duration, default));
        await _b.Backend.Leases.ReleaseAsync("pbx", default);
        Assert.False(await _b.Backend.Leases.TryHoldAsync("pbx", duration, default));
        await _a.Backend.Leases.ReleaseAsync("pbx", default);
        Assert.True(await _b.Backend.Leases.TryHoldAsync("pbx", duration, default));
    }

    [Fact]
    public async Task Migrate_DataFromNewerRelease_RefusesToStart()
    {
        await _a.Multiplexer.GetDatabase().StringSetAsync(_prefix + "schema", RedisBackend.SchemaVersion + 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _b.Backend.MigrateAsync(default));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Contains("Store:Redis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_DataOfSchema1_IsTakenUpAndReadsWithoutNamesOrSlots()
    {
        var database = _a.Multiplexer.GetDatabase();
        await database.KeyDeleteAsync(_prefix + "schema");
        await database.StringSetAsync(_prefix + "schema", 1);
        await database.HashSetAsync(_prefix + "ext:201",
        [
            new HashEntry("version", 2), new HashEntry("status", "dnd"), new HashEntry("since", 1), new HashEntry("source", "phone"),
            new HashEntry("expires", ""), new HashEntry("forwarding", """{"available":{"noAnswer":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"busy":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"notRegistered":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}}},"away":{}}"""),
            new HashEntry("queue", 0), new HashEntry("language", ""),
        ]);
        await database.SetAddAsync(_prefix + "exts", "201");
        await database.HashSetAsync(_prefix + "outbox:201", [new HashEntry("version", 2), new HashEntry("changes", 2), new HashEntry("queued", 5), new HashEntry("attempts", 0)]);
        await database.SortedSetAddAsync(_prefix + "outbox", "201", 5);

        await _b.Backend.MigrateAsync(default);

        Assert.Equal(RedisBackend.SchemaVersion, (int)await database.StringGetAsync(_prefix + "schema"));
        var state = await _b.Backend.Presence.GetAsync(Ext, default);
        Assert.Equal((PresenceStatus.Dnd, (ExtensionName?)null, ForwardingSettings.Default), (state!.Status, state.Name, state.Forwarding));
        var entry = Assert.Single(await _b.Backend.Outbox.PeekAsync(10, default));
        Assert.Equal(new PbxOutboxEntry(Ext, 2, PbxChanges.Forwarding, DateTimeOffset.FromUnixTimeMilliseconds(5), 0), entry);
    }

    [Fact]
    public async Task Migrate_InventoryOfLayout1_OpensEnrollmentForAWeek()
    {
        var database = _a.Multiplexer.GetDatabase();
        await database.StringSetAsync(_prefix + "schema", 1);
        await database.HashSetAsync(_prefix + "inventory", "000413A11FA7", """{"model":"D785","extensions":["201"],"token":"tok","updatedAt":0}""");

        await _b.Backend.MigrateAsync(default);

        Assert.Equal(RedisBackend.SchemaVersion, (int)await database.StringGetAsync(_prefix + "schema"));
        var phone = await _b.Backend.Inventory.GetAsync(Presence.MacAddress.Parse("000413A11FA7"), default);
        Assert.Equal("tok", phone!.Token.Current);
        var window = phone.EnrollmentUntil!.Value - TimeProvider.System.GetUtcNow();
        Assert.InRange(window, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Migrate_IsRepeatable()
    {
        await _a.Backend.MigrateAsync(default);
        await _b.Backend.MigrateAsync(default);

        Assert.Equal(RedisBackend.SchemaVersion, (int)await _a.Multiplexer.GetDatabase().StringGetAsync(_prefix + "schema"));
    }

    /// <summary>Starts the instances' listeners and waits until Redis has them all subscribed.</summary>
    private async Task ListenAsync(params Instance[] instances)
    {
        foreach (var instance in instances)
        {
            _listeners.Add(Task.Run(() => instance.Backend.ListenAsync!(instance.Applier, _stop.Token)));
        }

        var channel = RedisChannel.Literal(_prefix + StoreNotice.Channel);
        var server = _a.Multiplexer.GetServers()[0];
        await UntilAsync(async () => await server.SubscriptionSubscriberCountAsync(channel) == instances.Length, "every listener is subscribed");
    }

    /// <summary>The changes delivered up to and including the first <paramref name="wanted"/> one.</summary>
    private static async Task<List<PresenceChanged>> ReadUntilAsync(PresenceSubscription subscription, Func<PresenceChanged, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var seen = new List<PresenceChanged>();
        try
        {
            while (true)
            {
                var change = await subscription.Reader.ReadAsync(timeout.Token);
                seen.Add(change);
                if (wanted(change))
                {
                    return seen;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out waiting for a change; the feed had {seen.Count}.");
            throw;
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < Patience, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    private static PresenceHistoryEntry Entry(PresenceState state, ChangeKind kind) =>
        new(state.Extension, state.Version, state.Since, kind, state.Status, state.ExpiresAt, state.Source, null);

    /// <summary>One service instance: its own connection, identity, caches, feed and notice applier, over the shared prefix.</summary>
    private sealed class Instance : IDisposable
    {
        private Instance(IConnectionMultiplexer multiplexer, string prefix)
        {
            Multiplexer = multiplexer;
            var id = new StoreInstance();
            Backend = RedisBackend.Create(multiplexer, prefix, Feed, id, TimeProvider.System);
            Presence = new CachingPresenceStore(Backend.Presence, Feed);
            Inventory = new CachingPhoneInventory(Backend.Inventory);
            Colleagues = new CachingColleagueStore(Backend.Colleagues);
            Applier = new StoreNoticeApplier(id, Presence, Inventory, Colleagues, Feed);
        }

        public IConnectionMultiplexer Multiplexer { get; }

        public PresenceChangeBroadcaster Feed { get; } = new();

        public StoreBackend Backend { get; }

        public CachingPresenceStore Presence { get; }

        public CachingPhoneInventory Inventory { get; }

        public CachingColleagueStore Colleagues { get; }

        public StoreNoticeApplier Applier { get; }

        public static async Task<Instance> StartAsync(string prefix) => new(await RedisTestServer.ConnectAsync(), prefix);

        public void Dispose() => Backend.Dispose();
    }
}

/// <summary>Connections to the Redis server of scripts/test.sh, and a prefix of its own for every test.</summary>
internal static class RedisTestServer
{
    public static string NewPrefix() => $"test:{Guid.NewGuid():N}:";

    public static async Task<IConnectionMultiplexer> ConnectAsync() => await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);

    /// <summary>Removes every key under the prefix, so the server is left as the test found it.</summary>
    public static async Task DeleteKeysAsync(IConnectionMultiplexer multiplexer, string prefix)
    {
        var database = multiplexer.GetDatabase();
        foreach (var server in multiplexer.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 500))
            {
                await database.KeyDeleteAsync(key);
            }
        }
    }
}
