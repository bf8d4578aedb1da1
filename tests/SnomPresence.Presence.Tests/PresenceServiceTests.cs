using Microsoft.Extensions.Time.Testing;

namespace SnomPresence.Presence.Tests;

public class PresenceServiceTests
{
    private static readonly Extension Ext = Extension.Parse("201");
    private readonly InMemoryPresenceStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly PresenceService _service;

    public PresenceServiceTests() => _service = new PresenceService(_store, _time);

    [Fact]
    public async Task SetStatus_FirstPhoneAction_CreatesExtensionThenSetsStatus()
    {
        var update = await _service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone("000413A11FA7"), default);

        Assert.Equal(UpdateOutcome.Changed, update.Outcome);
        Assert.Equal(PresenceStatus.Dnd, update.State!.Status);
        Assert.Equal(2, update.State.Version);
        Assert.Equal(ChangeSource.Phone, update.State.Source);
        Assert.Equal(_time.GetUtcNow(), update.State.Since);
        var history = await _store.GetHistoryAsync(Ext, 10, default);
        Assert.Equal([ChangeKind.Status, ChangeKind.Created], history.Select(h => h.Kind));
        Assert.All(history, h => Assert.Equal("000413A11FA7", h.Origin));
    }

    [Fact]
    public async Task SetStatus_Repeated_NeitherBumpsVersionNorAddsHistory()
    {
        await _service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone(null), default);
        _time.Advance(TimeSpan.FromMinutes(5));

        var again = await _service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone(null), default);

        Assert.Equal(UpdateOutcome.Unchanged, again.Outcome);
        Assert.Equal(2, again.State!.Version);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMinutes(5), again.State.Since);
        Assert.Equal(2, (await _store.GetHistoryAsync(Ext, 10, default)).Count);
    }

    [Fact]
    public async Task SetStatus_SameStatusNewExpiry_IsARealChange()
    {
        await _service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone(null), default);
        var until = _time.GetUtcNow().AddHours(1);

        var update = await _service.SetStatusAsync(Ext, PresenceStatus.Dnd, until, ChangeActor.Admin(), default);

        Assert.Equal(UpdateOutcome.Changed, update.Outcome);
        Assert.Equal(until, update.State!.ExpiresAt);
        Assert.Equal(3, update.State.Version);
    }

    [Fact]
    public async Task SetStatus_UnknownExtensionWithoutCreate_IsNotFoundAndStoresNothing()
    {
        var update = await _service.SetStatusAsync(Ext, PresenceStatus.Away, null, ChangeActor.Admin(), default);

        Assert.Equal(UpdateOutcome.NotFound, update.Outcome);
        Assert.Null(update.State);
        Assert.Null(await _store.GetAsync(Ext, default));
    }

    [Fact]
    public async Task SetStatus_ConcurrentWriterWinsFirst_RetriesOnFreshState()
    {
        await _service.SetStatusAsync(Ext, PresenceStatus.Available, null, ChangeActor.Phone(null), default);
        var competitor = new PresenceService(_store, _time);
        _store.BeforeSave = () => competitor.SetStatusAsync(Ext, PresenceStatus.Lunch, null, new ChangeActor(ChangeSource.Pbx, null), default);

        var update = await _service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone(null) with { CreatesMissing = false }, default);

        Assert.Equal(PresenceStatus.Dnd, update.State!.Status);
        Assert.Equal(3, update.State.Version);
        var history = await _store.GetHistoryAsync(Ext, 10, default);
        Assert.Equal([(3L, PresenceStatus.Dnd), (2L, PresenceStatus.Lunch), (1L, PresenceStatus.Available)], history.Select(h => (h.Version, h.Status)));
    }

    [Fact]
    public async Task SetForwarding_ChangesOneStatus_BumpsVersionAndKeepsStatus()
    {
        await _service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone(null), default);
        var colleague = ForwardingTarget.ToExtension(Extension.Parse("202"));

        var update = await _service.SetForwardingAsync(Ext, f => f.With(PresenceStatus.Dnd, ForwardingSlot.Internal, colleague), ChangeActor.Admin(), default);
        var repeat = await _service.SetForwardingAsync(Ext, f => f.With(PresenceStatus.Dnd, ForwardingSlot.Internal, colleague), ChangeActor.Admin(), default);

        Assert.Equal(UpdateOutcome.Changed, update.Outcome);
        Assert.Equal(colleague, update.State!.Forwarding.Get(PresenceStatus.Dnd, ForwardingSlot.Internal));
        Assert.Equal(PresenceStatus.Dnd, update.State.Status);
        Assert.Equal(3, update.State.Version);
        Assert.Equal(UpdateOutcome.Unchanged, repeat.Outcome);
        Assert.Equal(ChangeKind.Forwarding, (await _store.GetHistoryAsync(Ext, 1, default))[0].Kind);
    }

    [Fact]
    public async Task EnsureExtension_Twice_CreatesOnce()
    {
        var first = await _service.EnsureExtensionAsync(Ext, ChangeActor.Admin(), default);
        var second = await _service.EnsureExtensionAsync(Ext, ChangeActor.Admin(), default);

        Assert.Equal(UpdateOutcome.Changed, first.Outcome);
        Assert.Equal(UpdateOutcome.Unchanged, second.Outcome);
        Assert.Equal(PresenceStatus.Available, second.State!.Status);
        Assert.Equal(1, second.State.Version);
        Assert.Equal(ForwardingSettings.Default, second.State.Forwarding);
    }
}

public class PresenceServicePbxTests
{
    private static readonly Extension Ext = Extension.Parse("201");
    private readonly InMemoryPresenceStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Changes_WithPbxSync_AreQueuedByKind_ExceptCreation()
    {
        var service = new PresenceService(_store, _time, new PresenceServiceOptions { SyncToPbx = true });

        await service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone(null), default);
        await service.SetForwardingAsync(Ext, f => f.With(PresenceStatus.Dnd, ForwardingSlot.Internal, ForwardingTarget.OwnVoicemail), ChangeActor.Admin(), default);

        Assert.Equal([(1L, PbxChanges.None), (2L, PbxChanges.Status), (3L, PbxChanges.Forwarding)], _store.QueuedForPbx);
    }

    [Fact]
    public async Task Changes_WithoutPbxSync_QueueNothing()
    {
        var service = new PresenceService(_store, _time);

        await service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone(null), default);
        await service.SetStatusAsync(Ext, PresenceStatus.Away, null, new ChangeActor(ChangeSource.Admin, null), default);

        // Every stored change went through the store's outbox parameter, and none of them asked for the PBX.
        Assert.Equal((await _store.GetHistoryAsync(Ext, 10, default)).Count, _store.QueuedForPbx.Count);
        Assert.True(_store.QueuedForPbx.Count >= 2);
        Assert.All(_store.QueuedForPbx, q => Assert.Equal(PbxChanges.None, q.Changes));
    }

    [Fact]
    public async Task ApplyFromPbx_OnTheSeenState_StoresWithSourcePbxAndQueuesNothing()
    {
        var service = new PresenceService(_store, _time, new PresenceServiceOptions { SyncToPbx = true });
        var seen = (await service.EnsureExtensionAsync(Ext, ChangeActor.Pbx, default)).State!;

        var update = await service.ApplyFromPbxAsync(seen, new PbxReport(PresenceStatus.Lunch, seen.Forwarding, null, seen.Name), default);

        Assert.Equal(UpdateOutcome.Changed, update.Outcome);
        Assert.Equal(PresenceStatus.Lunch, update.State!.Status);
        Assert.Equal(ChangeSource.Pbx, update.State.Source);
        Assert.Equal((2L, PbxChanges.None), _store.QueuedForPbx[^1]);
        Assert.Equal("pbx", (await _store.GetHistoryAsync(Ext, 1, default))[0].Origin);
    }

    [Fact]
    public async Task ApplyFromPbx_AfterALocalChange_IsNotApplied()
    {
        var service = new PresenceService(_store, _time, new PresenceServiceOptions { SyncToPbx = true });
        var seen = (await service.EnsureExtensionAsync(Ext, ChangeActor.Pbx, default)).State!;
        await service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone(null) with { CreatesMissing = false }, default);

        var update = await service.ApplyFromPbxAsync(seen, new PbxReport(PresenceStatus.Away, seen.Forwarding, null, seen.Name), default);

        Assert.Equal(UpdateOutcome.Unchanged, update.Outcome);
        Assert.Equal(PresenceStatus.Dnd, (await _store.GetAsync(Ext, default))!.Status);
    }

    [Fact]
    public async Task ApplyFromPbx_SameStatus_KeepsALocalExpiry()
    {
        var service = new PresenceService(_store, _time, new PresenceServiceOptions { SyncToPbx = true });
        await service.SetStatusAsync(Ext, PresenceStatus.Lunch, _time.GetUtcNow().AddHours(1), ChangeActor.Admin() with { CreatesMissing = true }, default);
        var seen = (await _store.GetAsync(Ext, default))!;

        var update = await service.ApplyFromPbxAsync(seen, new PbxReport(PresenceStatus.Lunch, seen.Forwarding, null, seen.Name), default);

        Assert.Equal(UpdateOutcome.Unchanged, update.Outcome);
        Assert.Equal(seen, await _store.GetAsync(Ext, default));
    }

    [Fact]
    public async Task ApplyFromPbx_Name_IsStoredAsSettingsChange_ButAnAdminNameWins()
    {
        var service = new PresenceService(_store, _time, new PresenceServiceOptions { SyncToPbx = true });
        var seen = (await service.EnsureExtensionAsync(Ext, ChangeActor.Pbx, default)).State!;
        var fromPbx = new ExtensionName("Erika Muster", NameSource.Pbx);

        var named = await service.ApplyFromPbxAsync(seen, new PbxReport(seen.Status, seen.Forwarding, null, fromPbx), default);
        var admin = named.State! with { Name = new ExtensionName("Frau Muster", NameSource.Admin), Version = named.State.Version + 1 };
        Assert.True(await _store.TrySaveAsync(named.State, admin, new PresenceHistoryEntry(Ext, admin.Version, _time.GetUtcNow(), ChangeKind.Settings, admin.Status, null, ChangeSource.Admin, "api"), PbxChanges.None, default));
        var again = await service.ApplyFromPbxAsync(admin, new PbxReport(seen.Status, seen.Forwarding, null, new ExtensionName("Erika Mustermann", NameSource.Pbx)), default);

        Assert.Equal(UpdateOutcome.Changed, named.Outcome);
        Assert.Equal(fromPbx, named.State.Name);
        Assert.Equal(ChangeKind.Settings, (await _store.GetHistoryAsync(Ext, 2, default))[1].Kind);
        Assert.Equal(UpdateOutcome.Unchanged, again.Outcome);
        Assert.Equal("Frau Muster", (await _store.GetAsync(Ext, default))!.Name!.Text);
        Assert.All(_store.QueuedForPbx, q => Assert.Equal(PbxChanges.None, q.Changes));
    }
}

public class PresenceExpiryTests
{
    private static readonly Extension Ext = Extension.Parse("201");
    private readonly InMemoryPresenceStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Expire_AfterExpiry_ReturnsToAvailableAsTimerAndQueuesForPbx()
    {
        var service = new PresenceService(_store, _time, new PresenceServiceOptions { SyncToPbx = true });
        var timed = (await service.SetStatusAsync(Ext, PresenceStatus.Lunch, _time.GetUtcNow().AddMinutes(30), ChangeActor.Phone(null), default)).State!;
        var early = await service.ExpireAsync(timed, default);
        _time.Advance(TimeSpan.FromMinutes(30));

        var expired = await service.ExpireAsync(timed, default);

        Assert.Equal(UpdateOutcome.Unchanged, early.Outcome);
        Assert.Equal(UpdateOutcome.Changed, expired.Outcome);
        Assert.Equal(PresenceStatus.Available, expired.State!.Status);
        Assert.Equal(ChangeSource.Timer, expired.State.Source);
        Assert.Null(expired.State.ExpiresAt);
        Assert.Equal(PbxChanges.Status, _store.QueuedForPbx[^1].Changes);
    }

    [Fact]
    public async Task Expire_AfterTheUserChangedStatus_LeavesTheNewStatus()
    {
        var service = new PresenceService(_store, _time);
        var timed = (await service.SetStatusAsync(Ext, PresenceStatus.Lunch, _time.GetUtcNow().AddMinutes(30), ChangeActor.Phone(null), default)).State!;
        await service.SetStatusAsync(Ext, PresenceStatus.Dnd, null, ChangeActor.Phone(null) with { CreatesMissing = false }, default);
        _time.Advance(TimeSpan.FromHours(1));

        var update = await service.ExpireAsync(timed, default);

        Assert.Equal(UpdateOutcome.Unchanged, update.Outcome);
        Assert.Equal(PresenceStatus.Dnd, (await _store.GetAsync(Ext, default))!.Status);
    }
}

public class PresenceChangeBroadcasterTests
{
    private static PresenceChanged Change(string ext, long version)
    {
        var state = PresenceState.Create(Extension.Parse(ext), ChangeSource.Phone, DateTimeOffset.UnixEpoch) with { Version = version };
        return new PresenceChanged(null, state, new PresenceHistoryEntry(state.Extension, version, state.Since, ChangeKind.Status, state.Status, null, state.Source, null));
    }

    [Fact]
    public async Task Publish_EverySubscriberGetsEveryChangeInOrder()
    {
        var feed = new PresenceChangeBroadcaster();
        using var a = feed.Subscribe();
        using var b = feed.Subscribe();

        feed.Publish(Change("201", 1));
        feed.Publish(Change("201", 2));

        foreach (var subscription in new[] { a, b })
        {
            Assert.True(subscription.Reader.TryRead(out var first));
            Assert.True(subscription.Reader.TryRead(out var second));
            Assert.Equal([1L, 2L], new[] { first.Current.Version, second.Current.Version });
        }
    }

    [Fact]
    public async Task Dispose_StopsDeliveryAndEndsReading()
    {
        var feed = new PresenceChangeBroadcaster();
        var subscription = feed.Subscribe();
        subscription.Dispose();

        feed.Publish(Change("201", 1));

        Assert.Equal(0, feed.SubscriberCount);
        Assert.Empty(await subscription.ReadAllAsync(default).ToListAsync());
    }
}
