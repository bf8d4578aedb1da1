using SnomPresence.Presence;

namespace SnomPresence.Stores.Tests;

/// <summary>
/// What every presence store must do. Each store's test class derives from this and supplies a fresh, empty
/// store; PostgreSQL and Redis will run the same tests unchanged.
/// </summary>
public abstract class PresenceStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 30, 15, 123, TimeSpan.Zero);
    private static readonly Extension Ext = Extension.Parse("201");

    protected IPresenceStore Store { get; private set; } = null!;

    protected IPbxOutbox Outbox { get; private set; } = null!;

    protected IPhoneDirectory Phones { get; private set; } = null!;

    protected IPhoneInventory Inventory { get; private set; } = null!;

    protected IAdminSessionStore AdminSessions { get; private set; } = null!;

    protected IColleagueStore Colleagues { get; private set; } = null!;

    protected PresenceChangeBroadcaster Feed { get; } = new();

    /// <summary>A fresh store publishing to <see cref="Feed"/>, with its schema in place, and its other ports.</summary>
    protected abstract Task<StorePorts> CreateStoreAsync();

    /// <summary>The same data through a new store instance, as after a restart.</summary>
    protected abstract Task<StorePorts> ReopenAsync();

    public virtual async Task InitializeAsync() => (Store, Outbox, Phones, Inventory, AdminSessions, Colleagues) = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Ext, default));
    }

    [Fact]
    public async Task TrySave_New_CanBeReadBackExactly()
    {
        var state = Created(Ext);

        Assert.True(await Store.TrySaveAsync(null, state, Entry(state, ChangeKind.Created), PbxChanges.None, default));

        Assert.Equal(state, await Store.GetAsync(Ext, default));
    }

    [Fact]
    public async Task TrySave_CreateTwice_SecondLosesAndChangesNothing()
    {
        var first = Created(Ext);
        var second = first with { Status = PresenceStatus.Dnd };
        await Store.TrySaveAsync(null, first, Entry(first, ChangeKind.Created), PbxChanges.None, default);

        Assert.False(await Store.TrySaveAsync(null, second, Entry(second, ChangeKind.Created), PbxChanges.None, default));

        Assert.Equal(first, await Store.GetAsync(Ext, default));
        Assert.Single(await Store.GetHistoryAsync(Ext, 10, default));
    }

    [Fact]
    public async Task TrySave_StaleVersion_FailsWithoutWritingStateOrHistory()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Status = PresenceStatus.Away, Version = 2 };
        Assert.True(await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.None, default));
        var stale = v1 with { Status = PresenceStatus.Lunch, Version = 2 };

        Assert.False(await Store.TrySaveAsync(v1, stale, Entry(stale, ChangeKind.Status), PbxChanges.None, default));

        Assert.Equal(v2, await Store.GetAsync(Ext, default));
        Assert.Equal([2L, 1L], (await Store.GetHistoryAsync(Ext, 10, default)).Select(h => h.Version));
    }

    [Fact]
    public async Task TrySave_ConcurrentWriters_EachVersionWonExactlyOnce()
    {
        await SaveNewAsync(Ext);
        const int Writers = 8;
        const int IncrementsEach = 25;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var done = 0; done < IncrementsEach;)
            {
                var current = (await Store.GetAsync(Ext, default))!;
                var next = current with { Version = current.Version + 1, Status = (PresenceStatus)(writer % 5) };
                if (await Store.TrySaveAsync(current, next, Entry(next, ChangeKind.Status), PbxChanges.None, default))
                {
                    done++;
                }
            }
        })));

        var final = await Store.GetAsync(Ext, default);
        Assert.Equal(1 + (Writers * IncrementsEach), final!.Version);
        var history = await Store.GetHistoryAsync(Ext, 1000, default);
        Assert.Equal(Enumerable.Range(1, (int)final.Version).Select(v => (long)v).Reverse(), history.Select(h => h.Version));
    }

    [Fact]
    public async Task TrySave_EveryForwardingKindRouteNameAndExpiry_RoundTrip()
    {
        var state = Created(Ext) with
        {
            Status = PresenceStatus.BusinessTrip,
            Source = ChangeSource.Admin,
            QueueLoggedIn = true,
            Language = Language.En,
            Name = new ExtensionName("Erika Müller-Lüdenscheidt", NameSource.Pbx),
            ExpiresAt = T0.AddHours(3),
            Forwarding = ForwardingSettings.Default
                .With(PresenceStatus.BusinessTrip, ForwardingSlot.Internal, ForwardingTarget.ToColleagueVoicemail(Extension.Parse("202")))
                .With(PresenceStatus.BusinessTrip, ForwardingSlot.External, Target(ForwardingKind.External, "+4917012345678"))
                .With(PresenceStatus.Dnd, ForwardingSlot.Internal, Target(ForwardingKind.Queue, "800"))
                .With(PresenceStatus.Dnd, ForwardingSlot.External, Target(ForwardingKind.RingGroup, "700"))
                .With(PresenceStatus.Away, ForwardingSlot.Internal, Target(ForwardingKind.Ivr, "600"))
                .With(PresenceStatus.Away, ForwardingSlot.External, ForwardingTarget.AsSetInPbx)
                .WithRoute(PresenceStatus.Lunch, RouteType.RingFirst)
                .With(PresenceStatus.Lunch, ForwardingSlot.BusyExternal, ForwardingTarget.ToExtension(Extension.Parse("203")))
                .With(PresenceStatus.Available, ForwardingSlot.NoAnswerInternal, ForwardingTarget.Ring)
                .With(PresenceStatus.Available, ForwardingSlot.NoAnswerExternal, ForwardingTarget.BusySignal)
                .With(PresenceStatus.Available, ForwardingSlot.BusyExternal, ForwardingTarget.ToExtension(Extension.Parse("204")))
                .With(PresenceStatus.Available, ForwardingSlot.NotRegisteredInternal, Target(ForwardingKind.External, "0301234567")),
        };

        await Store.TrySaveAsync(null, state, Entry(state, ChangeKind.Created), PbxChanges.None, default);

        var read = await Store.GetAsync(Ext, default);
        Assert.Equal(state, read);
        Assert.Equal(RouteType.RingFirst, read!.Forwarding.RouteOf(PresenceStatus.Lunch));
        Assert.Equal(Target(ForwardingKind.Queue, "800"), read.Forwarding.Get(PresenceStatus.Dnd, ForwardingSlot.Internal));
        Assert.Equal(state.Name, read.Name);
        Assert.Equal(state.ExpiresAt, read.ExpiresAt);

        var unnamed = read with { Version = 2, Name = null };
        Assert.True(await Store.TrySaveAsync(read, unnamed, Entry(unnamed, ChangeKind.Settings), PbxChanges.None, default));
        Assert.Null((await Store.GetAsync(Ext, default))!.Name);
    }

    [Fact]
    public async Task GetHistory_NewestFirstWithLimitAndAllFields()
    {
        var state = await SaveNewAsync(Ext);
        for (var version = 2; version <= 5; version++)
        {
            var next = state with { Version = version, Status = PresenceStatus.Dnd, ExpiresAt = version == 5 ? T0.AddMinutes(30) : null, Since = T0.AddMinutes(version) };
            Assert.True(await Store.TrySaveAsync(state, next, Entry(next, ChangeKind.Status, version % 2 == 0 ? ChangeSource.Pbx : ChangeSource.Phone, "000413A11FA7"), PbxChanges.None, default));
            state = next;
        }

        var history = await Store.GetHistoryAsync(Ext, 3, default);

        Assert.Equal([5L, 4L, 3L], history.Select(h => h.Version));
        var newest = history[0];
        Assert.Equal(new PresenceHistoryEntry(Ext, 5, T0.AddMinutes(5), ChangeKind.Status, PresenceStatus.Dnd, T0.AddMinutes(30), ChangeSource.Phone, "000413A11FA7"), newest);
        Assert.Equal(ChangeSource.Pbx, history[1].Source);
        Assert.Empty(await Store.GetHistoryAsync(Extension.Parse("999"), 10, default));
    }

    [Fact]
    public async Task List_ReturnsAllInNumericOrder()
    {
        foreach (var ext in new[] { "1000", "99", "201", "100" })
        {
            await SaveNewAsync(Extension.Parse(ext));
        }

        var all = await Store.ListAsync(default);

        Assert.Equal(["99", "100", "201", "1000"], all.Select(s => s.Extension.Value));
    }

    [Fact]
    public async Task Feed_PublishesStoredChangesInOrder_AndNothingForLostWrites()
    {
        using var subscription = Feed.Subscribe();
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.None, default);
        var lost = v1 with { Version = 2, Status = PresenceStatus.Away };
        await Store.TrySaveAsync(v1, lost, Entry(lost, ChangeKind.Status), PbxChanges.None, default);

        Assert.True(subscription.Reader.TryRead(out var created));
        Assert.True(subscription.Reader.TryRead(out var changed));
        Assert.False(subscription.Reader.TryRead(out _));
        Assert.Null(created.Previous);
        Assert.Equal(v1, created.Current);
        Assert.Equal(v1, changed.Previous);
        Assert.Equal(v2, changed.Current);
        Assert.Equal(ChangeKind.Status, changed.Entry.Kind);
    }

    [Fact]
    public async Task Reopen_AfterSave_StillHasStateAndHistory()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.None, default);

        var reopened = (await ReopenAsync()).Store;

        Assert.Equal(v2, await reopened.GetAsync(Ext, default));
        Assert.Equal(2, (await reopened.GetHistoryAsync(Ext, 10, default)).Count);
    }

    [Fact]
    public async Task ListExpiring_ReturnsDueStatesSoonestFirst_AndNextExpiry()
    {
        Assert.Null(await Store.NextExpiryAsync(default));
        foreach (var (ext, minutes) in new[] { ("201", 30), ("202", 10), ("203", 90) })
        {
            var state = await SaveNewAsync(Extension.Parse(ext));
            var timed = state with { Version = 2, Status = PresenceStatus.Lunch, ExpiresAt = T0.AddMinutes(minutes) };
            await Store.TrySaveAsync(state, timed, Entry(timed, ChangeKind.Status), PbxChanges.None, default);
        }

        await SaveNewAsync(Extension.Parse("204"));

        var due = await Store.ListExpiringAsync(T0.AddMinutes(30), 10, default);

        Assert.Equal(["202", "201"], due.Select(s => s.Extension.Value));
        Assert.Equal(["202"], (await Store.ListExpiringAsync(T0.AddMinutes(30), 1, default)).Select(s => s.Extension.Value));
        Assert.Equal(T0.AddMinutes(10), await Store.NextExpiryAsync(default));
    }

    [Fact]
    public async Task Ping_OnHealthyStore_Succeeds()
    {
        await Store.PingAsync(default);
    }

    [Fact]
    public async Task Outbox_ChangesForPbx_CoalescePerExtensionKeepingTheOldestTime()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd };
        var v3 = v2 with { Version = 3, Forwarding = v2.Forwarding.With(PresenceStatus.Dnd, ForwardingSlot.Internal, ForwardingTarget.OwnVoicemail) };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.Status, default);
        await Store.TrySaveAsync(v2, v3, Entry(v3, ChangeKind.Forwarding) with { At = T0.AddMinutes(5) }, PbxChanges.Forwarding, default);
        var other = await SaveNewAsync(Extension.Parse("202"));
        var otherNext = other with { Version = 2, Status = PresenceStatus.Away };
        await Store.TrySaveAsync(other, otherNext, Entry(otherNext, ChangeKind.Status) with { At = T0.AddMinutes(1) }, PbxChanges.Status, default);

        var entries = await Outbox.PeekAsync(10, default);

        Assert.Equal(
            [
                new PbxOutboxEntry(Ext, 3, PbxChanges.Status | PbxChanges.Forwarding, T0, 0, ForwardingSlotSet.Empty.With(PresenceStatus.Dnd, ForwardingSlot.Internal)),
                new PbxOutboxEntry(Extension.Parse("202"), 2, PbxChanges.Status, T0.AddMinutes(1), 0),
            ],
            entries);
        Assert.Equal(new PbxOutboxStats(2, T0), await Outbox.GetStatsAsync(default));
        Assert.Equal(new HashSet<Extension> { Ext, Extension.Parse("202") }, await Outbox.PendingAsync(default));
    }

    [Fact]
    public async Task Outbox_CompleteOfAnOlderVersion_KeepsTheNewerChangeQueued()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.Status, default);
        var delivering = (await Outbox.PeekAsync(1, default))[0];
        var v3 = v2 with { Version = 3, Status = PresenceStatus.Available };
        await Store.TrySaveAsync(v2, v3, Entry(v3, ChangeKind.Status), PbxChanges.Status, default);

        await Outbox.CompleteAsync(delivering, default);
        var left = await Outbox.PeekAsync(10, default);
        await Outbox.RecordFailureAsync(left[0], default);
        await Outbox.CompleteAsync(left[0], default);

        Assert.Equal(3, Assert.Single(left).Version);
        Assert.Empty(await Outbox.PeekAsync(10, default));
        Assert.Equal(new PbxOutboxStats(0, null), await Outbox.GetStatsAsync(default));
    }

    [Fact]
    public async Task Outbox_LostWriteAndPbxChanges_QueueNothing()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status, ChangeSource.Pbx), PbxChanges.None, default);
        var lost = v1 with { Version = 2, Status = PresenceStatus.Away };

        Assert.False(await Store.TrySaveAsync(v1, lost, Entry(lost, ChangeKind.Status), PbxChanges.Status, default));

        Assert.Empty(await Outbox.PeekAsync(10, default));
    }

    [Fact]
    public async Task Outbox_Reopen_StillHoldsQueuedChanges()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.Status, default);

        var reopened = (await ReopenAsync()).Outbox;

        Assert.Equal(2, Assert.Single(await reopened.PeekAsync(10, default)).Version);
    }

    [Fact]
    public async Task Outbox_ForwardingSlots_AreThoseTheChangesTouched_OrEdAcrossChangesUpToTheLastStatus()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Forwarding = v1.Forwarding.With(PresenceStatus.Available, ForwardingSlot.NoAnswerInternal, ForwardingTarget.BusySignal) };
        // Setting a slot to the target it has touches nothing.
        var v3 = v2 with
        {
            Version = 3,
            Forwarding = v2.Forwarding
                .With(PresenceStatus.BusinessTrip, ForwardingSlot.External, ForwardingTarget.ToExtension(Extension.Parse("299")))
                .With(PresenceStatus.BusinessTrip, ForwardingSlot.Internal, ForwardingTarget.BusySignal),
        };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Forwarding), PbxChanges.Forwarding, default);
        await Store.TrySaveAsync(v2, v3, Entry(v3, ChangeKind.Forwarding), PbxChanges.Forwarding, default);

        var entry = Assert.Single(await Outbox.PeekAsync(10, default));

        // Business trip's external slot sits at bit 33 (4 × 8 + 1): beyond 32 bits, where Redis' bit library stops.
        Assert.Equal(
            [(PresenceStatus.Available, ForwardingSlot.NoAnswerInternal), (PresenceStatus.BusinessTrip, ForwardingSlot.External)],
            entry.Slots.Places());
        Assert.Equal(PbxChanges.Forwarding, entry.Changes);
    }

    [Fact]
    public async Task Outbox_Parked_LeavesTheQueueButStaysPendingCountedAndListed_UntilRetried()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.Status, default);
        var other = await SaveNewAsync(Extension.Parse("202"));
        var otherNext = other with { Version = 2, Status = PresenceStatus.Away };
        await Store.TrySaveAsync(other, otherNext, Entry(otherNext, ChangeKind.Status) with { At = T0.AddMinutes(1) }, PbxChanges.Status, default);
        var entry = (await Outbox.PeekAsync(10, default))[0];

        Assert.True(await Outbox.ParkAsync(entry, "3CX refused PATCH /xapi/v1/Users(42) with 403 Forbidden", T0.AddMinutes(2), default));

        Assert.Equal([Extension.Parse("202")], (await Outbox.PeekAsync(10, default)).Select(e => e.Extension));
        var parked = Assert.Single(await Outbox.ListParkedAsync(default));
        Assert.Equal(entry with { Parked = new PbxParking("3CX refused PATCH /xapi/v1/Users(42) with 403 Forbidden", T0.AddMinutes(2)) }, parked);
        Assert.Equal(new PbxOutboxStats(1, T0.AddMinutes(1), 1), await Outbox.GetStatsAsync(default));
        Assert.Contains(Ext, await Outbox.PendingAsync(default));
        Assert.Equal(parked, Assert.Single(await (await ReopenAsync()).Outbox.ListParkedAsync(default)));

        Assert.Equal(0, await Outbox.RetryParkedAsync(Extension.Parse("202"), default));
        Assert.Equal(1, await Outbox.RetryParkedAsync(Ext, default));

        Assert.Empty(await Outbox.ListParkedAsync(default));
        Assert.Equal([Ext, Extension.Parse("202")], (await Outbox.PeekAsync(10, default)).Select(e => e.Extension));
        Assert.Equal(new PbxOutboxStats(2, T0, 0), await Outbox.GetStatsAsync(default));
    }

    [Fact]
    public async Task Outbox_ParkAfterANewerChange_DoesNotPark_AndANewerChangeUnparks()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.Status, default);
        var delivering = (await Outbox.PeekAsync(1, default))[0];
        var v3 = v2 with { Version = 3, Status = PresenceStatus.Away };
        await Store.TrySaveAsync(v2, v3, Entry(v3, ChangeKind.Status), PbxChanges.Status, default);

        Assert.False(await Outbox.ParkAsync(delivering, "refused", T0, default));
        var current = Assert.Single(await Outbox.PeekAsync(10, default));
        Assert.True(await Outbox.ParkAsync(current, "refused", T0, default));
        var v4 = v3 with { Version = 4, Status = PresenceStatus.Lunch };
        await Store.TrySaveAsync(v3, v4, Entry(v4, ChangeKind.Status), PbxChanges.Status, default);

        Assert.Empty(await Outbox.ListParkedAsync(default));
        var fresh = Assert.Single(await Outbox.PeekAsync(10, default));
        Assert.Equal((4L, (PbxParking?)null), (fresh.Version, fresh.Parked));
        await Outbox.CompleteAsync(fresh, default);
        Assert.Equal(new PbxOutboxStats(0, null, 0), await Outbox.GetStatsAsync(default));
    }

    [Fact]
    public async Task Outbox_CompleteOfAParkedEntry_RemovesIt()
    {
        var v1 = await SaveNewAsync(Ext);
        var v2 = v1 with { Version = 2, Status = PresenceStatus.Dnd };
        await Store.TrySaveAsync(v1, v2, Entry(v2, ChangeKind.Status), PbxChanges.Status, default);
        var entry = (await Outbox.PeekAsync(1, default))[0];
        await Outbox.ParkAsync(entry, "refused", T0, default);

        await Outbox.CompleteAsync(entry, default);

        Assert.Empty(await Outbox.ListParkedAsync(default));
        Assert.Empty(await Outbox.PendingAsync(default));
        Assert.Equal(new PbxOutboxStats(0, null, 0), await Outbox.GetStatsAsync(default));
    }

    [Fact]
    public async Task Phones_RecordedByMacOrAddress_AreFoundPerExtension()
    {
        await Phones.RecordAsync(new KnownPhone("000413A11FA7", Ext, "000413A11FA7", "192.0.2.10", T0), default);
        await Phones.RecordAsync(new KnownPhone("192.0.2.11", Ext, null, "192.0.2.11", T0), default);
        await Phones.RecordAsync(new KnownPhone("192.0.2.12", Extension.Parse("202"), null, "192.0.2.12", T0), default);
        // The phone moved to another address; its MAC is kept when the sighting does not carry it.
        await Phones.RecordAsync(new KnownPhone("000413A11FA7", Ext, null, "192.0.2.20", T0.AddMinutes(1)), default);

        var phones = await Phones.FindAsync(Ext, default);

        Assert.Equal(
            [
                new KnownPhone("000413A11FA7", Ext, "000413A11FA7", "192.0.2.20", T0.AddMinutes(1)),
                new KnownPhone("192.0.2.11", Ext, null, "192.0.2.11", T0),
            ],
            phones);
        var reopened = (await ReopenAsync()).Phones;
        Assert.Equal(phones, await reopened.FindAsync(Ext, default));
    }

    [Fact]
    public async Task Groups_SavedReplacedAndDeleted_ReadBackInIdOrderAfterReopen()
    {
        var sales = new ColleagueGroup(GroupId.Parse("vertrieb"), "Vertrieb", [Extension.Parse("202"), Ext], GroupSource.Admin);
        var support = new ColleagueGroup(GroupId.Parse("support-1"), "Support & Technik", [Extension.Parse("301")], GroupSource.Pbx);
        await Colleagues.SaveGroupAsync(sales, default);
        await Colleagues.SaveGroupAsync(support, default);
        var renamed = sales with { Name = "Verkauf Süd", Members = [Ext] };

        await Colleagues.SaveGroupAsync(renamed, default);

        Assert.Equal([support, renamed], await Colleagues.ListGroupsAsync(default));
        Assert.Equal([support, renamed], await (await ReopenAsync()).Colleagues.ListGroupsAsync(default));
        Assert.True(await Colleagues.DeleteGroupAsync(support.Id, default));
        Assert.False(await Colleagues.DeleteGroupAsync(support.Id, default));
        Assert.Equal([renamed], await (await ReopenAsync()).Colleagues.ListGroupsAsync(default));
    }

    [Fact]
    public async Task Favourites_KeepTheirOrder_PerExtension_AndAnEmptyListRemovesThem()
    {
        var other = Extension.Parse("202");
        await Colleagues.SaveFavouritesAsync(Ext, [Extension.Parse("305"), Extension.Parse("203")], default);
        await Colleagues.SaveFavouritesAsync(other, [Ext], default);

        Assert.Equal([Extension.Parse("305"), Extension.Parse("203")], await Colleagues.GetFavouritesAsync(Ext, default));
        var reopened = (await ReopenAsync()).Colleagues;
        Assert.Equal([Ext], await reopened.GetFavouritesAsync(other, default));
        Assert.Equal([Ext, other], (await reopened.ListFavouritesAsync(default)).Select(f => f.Owner));

        await Colleagues.SaveFavouritesAsync(Ext, [], default);

        Assert.Empty(await Colleagues.GetFavouritesAsync(Ext, default));
        Assert.Equal([other], (await (await ReopenAsync()).Colleagues.ListFavouritesAsync(default)).Select(f => f.Owner));
    }

    protected static PresenceState Created(Extension ext) => PresenceState.Create(ext, ChangeSource.Phone, T0);

    protected async Task<PresenceState> SaveNewAsync(Extension ext)
    {
        var state = Created(ext);
        Assert.True(await Store.TrySaveAsync(null, state, Entry(state, ChangeKind.Created), PbxChanges.None, default));
        return state;
    }

    private static PresenceHistoryEntry Entry(PresenceState state, ChangeKind kind, ChangeSource? source = null, string? origin = null) =>
        new(state.Extension, state.Version, state.Since, kind, state.Status, state.ExpiresAt, source ?? state.Source, origin);

    private static ForwardingTarget Target(ForwardingKind kind, string number) =>
        ForwardingTarget.TryCreate(kind, number, out var target, out var error) ? target : throw new ArgumentException(error);

    [Fact]
    public async Task Inventory_SavedPhone_ReadsBackExactlyAlsoAfterReopen()
    {
        var phone = Phone("000413A11FA7", "D785", "201", "202") with
        {
            DisplayName = "Empfang & Zentrale",
            Language = Language.En,
            WebLogin = new PhoneWebLogin("admin", "web-secret"),
            Token = new PhoneToken("current-token", "previous-token", T0.AddDays(2)),
            EnrollmentUntil = T0.AddDays(7),
        };

        await Inventory.SaveAsync([phone], default);

        AssertSamePhone(phone, await Inventory.GetAsync(phone.Mac, default));
        AssertSamePhone(phone, await (await ReopenAsync()).Inventory.GetAsync(phone.Mac, default));
    }

    [Fact]
    public async Task Inventory_Save_ReplacesAndListsInMacOrder()
    {
        var b = Phone("000413000002", "D385", "202");
        var a = Phone("000413000001", "D785", "201");
        await Inventory.SaveAsync([b, a], default);
        AssertSamePhone(a, await Inventory.GetAsync(a.Mac, default));
        var rotated = a with { Token = a.Token.Rotate(T0.AddDays(1)), Extensions = [Extension.Parse("203")] };

        await Inventory.SaveAsync([rotated], default);

        var listed = await Inventory.ListAsync(default);
        Assert.Equal(["000413000001", "000413000002"], listed.Select(p => p.Mac.Value));
        AssertSamePhone(rotated, listed[0]);
        AssertSamePhone(rotated, await Inventory.GetAsync(a.Mac, default));
    }

    [Fact]
    public async Task Inventory_Delete_RemovesOnlyThatPhone()
    {
        var a = Phone("000413000001", "D785", "201");
        var b = Phone("000413000002", "D385", "202");
        await Inventory.SaveAsync([a, b], default);
        AssertSamePhone(a, await Inventory.GetAsync(a.Mac, default));

        Assert.True(await Inventory.DeleteAsync(a.Mac, default));
        Assert.False(await Inventory.DeleteAsync(a.Mac, default));

        Assert.Null(await Inventory.GetAsync(a.Mac, default));
        Assert.Equal([b.Mac], (await Inventory.ListAsync(default)).Select(p => p.Mac));
    }

    [Fact]
    public async Task Inventory_Unknown_IsNull()
    {
        Assert.Null(await Inventory.GetAsync(MacAddress.Parse("000413FFFFFF"), default));
        Assert.Empty(await Inventory.ListAsync(default));
    }

    [Fact]
    public async Task Inventory_EnrollmentEnded_ReadsBackAsEnded()
    {
        var enrolling = Phone("000413000001", "D785", "201") with { EnrollmentUntil = T0.AddDays(7) };
        await Inventory.SaveAsync([enrolling], default);
        Assert.True((await Inventory.GetAsync(enrolling.Mac, default))!.Enrolling(T0));

        await Inventory.SaveAsync([enrolling with { EnrollmentUntil = null }], default);

        Assert.Null((await Inventory.GetAsync(enrolling.Mac, default))!.EnrollmentUntil);
        Assert.Null((await (await ReopenAsync()).Inventory.GetAsync(enrolling.Mac, default))!.EnrollmentUntil);
    }

    [Fact]
    public async Task History_Prune_RemovesWhatIsTooOldAndBeyondTheCap_InBatches()
    {
        var busy = Extension.Parse("201");
        var quiet = Extension.Parse("202");
        var state = await SaveNewAsync(busy);
        for (var v = 2; v <= 12; v++)
        {
            var next = state with { Version = v, Since = T0.AddDays(v), Status = v % 2 == 0 ? PresenceStatus.Dnd : PresenceStatus.Available };
            Assert.True(await Store.TrySaveAsync(state, next, Entry(next, ChangeKind.Status), PbxChanges.None, default));
            state = next;
        }

        await SaveNewAsync(quiet);

        // Older than the cut: 201's versions 1–3 (T0, day 2, day 3) and 202's only entry (T0). Of the nine 201 entries
        // left, all but the newest five go: versions 4–7. Eight in all, at most two per call.
        var cut = T0.AddDays(3).AddHours(12);
        var first = await Store.PruneHistoryAsync(cut, keepPerExtension: 5, max: 2, default);
        Assert.Equal(2, first);
        var removed = first;
        int batch;
        while ((batch = await Store.PruneHistoryAsync(cut, keepPerExtension: 5, max: 2, default)) > 0)
        {
            removed += batch;
        }

        Assert.Equal([12L, 11L, 10L, 9L, 8L], (await Store.GetHistoryAsync(busy, 100, default)).Select(h => h.Version));
        Assert.Empty(await Store.GetHistoryAsync(quiet, 100, default));
        Assert.Equal(8, removed);
        Assert.Equal(12, (await Store.GetAsync(busy, default))!.Version);
    }

    [Fact]
    public async Task AdminSessions_AreActiveUntilEndedOrExpired_AndPruned()
    {
        await AdminSessions.StartAsync("session-a", T0.AddHours(12), default);
        await AdminSessions.StartAsync("session-b", T0.AddHours(1), default);

        Assert.True(await AdminSessions.IsActiveAsync("session-a", T0, default));
        Assert.True(await AdminSessions.IsActiveAsync("session-b", T0, default));
        Assert.False(await AdminSessions.IsActiveAsync("session-b", T0.AddHours(1), default));
        Assert.False(await AdminSessions.IsActiveAsync("never-started", T0, default));

        await AdminSessions.EndAsync("session-a", default);

        Assert.False(await AdminSessions.IsActiveAsync("session-a", T0, default));
        await AdminSessions.StartAsync("session-c", T0.AddHours(24), default);
        await AdminSessions.PruneAsync(T0.AddHours(2), default);
        Assert.True(await AdminSessions.IsActiveAsync("session-c", T0.AddHours(2), default));
        Assert.False(await AdminSessions.IsActiveAsync("session-b", T0.AddHours(2), default));
    }

    private static ProvisionedPhone Phone(string mac, string model, params string[] extensions) => new(
        MacAddress.Parse(mac), PhoneModel.Parse(model), [.. extensions.Select(Extension.Parse)], null, null, null, new PhoneToken("token-" + mac, null, null), T0);

    private static void AssertSamePhone(ProvisionedPhone expected, ProvisionedPhone? actual)
    {
        Assert.NotNull(actual);
        // Records compare lists by reference; compare the extensions by value and the rest as records.
        Assert.Equal(expected.Extensions, actual.Extensions);
        Assert.Equal(expected with { Extensions = [] }, actual with { Extensions = [] });
    }

}

/// <summary>The ports a store provides; every provider implements all of them.</summary>
public sealed record StorePorts(
    IPresenceStore Store, IPbxOutbox Outbox, IPhoneDirectory Phones, IPhoneInventory Inventory, IAdminSessionStore AdminSessions, IColleagueStore Colleagues);
