using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.Pbx;

public class ThreeCxSyncTests
{
    [Fact]
    public async Task DndOn_WithThreeCx_GetsTokenLooksUpUserAndPatchesOutOfOffice()
    {
        using var pbx = new FakeThreeCx();
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:01:00";
        using var phone = app.CreatePhoneClient();
        // Added after the first poll, so the user id is not known yet and must be looked up.
        await pbx.WaitForFirstPollAsync();
        pbx.AddUser(42, "201");

        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "3CX has user 201 in Out of office");
        var token = Assert.Single(pbx.Requests, r => r.Path == "/connect/token");
        Assert.Equal("POST", token.Method);
        var lookup = Assert.Single(pbx.Requests, r => r.Query.Contains("$filter=", StringComparison.Ordinal));
        Assert.Equal("Number eq '201'", Uri.UnescapeDataString(lookup.Query.Split('&').Single(p => p.StartsWith("$filter=", StringComparison.Ordinal))["$filter=".Length..]));
        var patch = Assert.Single(pbx.Patches);
        Assert.Equal(42, patch.UserId);
        Assert.Equal("""{"CurrentProfileName":"Out of office"}""", patch.Body.ToJsonString());
        Assert.All(pbx.Requests.Where(r => r.Path.StartsWith("/xapi/", StringComparison.Ordinal)), r => Assert.StartsWith("Bearer token-1-", r.Authorization, StringComparison.Ordinal));
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetOutboxDepthAsync()) == 0, "the outbox is empty");
    }

    [Fact]
    public async Task Token_ReusedWhileValid_RenewedBeforeExpiry()
    {
        using var pbx = new FakeThreeCx { ExpiresInSeconds = 2 };
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();

        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Patches.Count == 1, "the first change reached 3CX");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await phone.GetAsync("/snom/action/dnd-off?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Patches.Count == 2, "the second change reached 3CX");

        var patches = pbx.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.NotEqual(patches[0].Authorization, patches[1].Authorization);
        Assert.DoesNotContain(pbx.Requests, r => r.Status == 401);
        Assert.Equal("Available", pbx.User("201").Profile);
        // Reused while valid: the calls (polls every 0.2 s included) carried exactly the tokens issued, and each token
        // but the newest (renewed 1 s into its 2 s life) served several calls, not one.
        var tokens = pbx.Requests.Where(r => r.Path.StartsWith("/xapi/", StringComparison.Ordinal)).GroupBy(r => r.Authorization).ToList();
        Assert.Equal(pbx.TokensIssued, tokens.Count);
        Assert.True(pbx.TokensIssued >= 2, $"{pbx.TokensIssued} token(s) issued");
        Assert.All(tokens.SkipLast(1), t => Assert.True(t.Count() > 2, $"{t.Key} was used {t.Count()} time(s)"));
    }

    [Fact]
    public async Task SyncJustStarted_SendsNoPatchWithinTheLateWriteWindow_WhatThePreviousProcessLeftMayStillLand()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:LateWriteWindow"] = "00:00:02";
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();

        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "the change reached 3CX");
        var first = pbx.Requests.First(r => r.Path.StartsWith("/xapi/", StringComparison.Ordinal));
        var patch = pbx.Requests.Single(r => r.Method == "PATCH");
        Assert.True(patch.At - first.At >= TimeSpan.FromSeconds(1.5), $"the first PATCH went out {(patch.At - first.At).TotalSeconds:0.00} s after the sync started");
    }

    [Fact]
    public async Task ChangeHeldAtTakeover_HoldEndingWhileTheWorkerGoesToSleep_IsSentThen_NotAPollIntervalLater()
    {
        // The clock passes the end of the hold between the moment the delivery finds the user held and the moment
        // it goes to sleep (on a busy machine a timer also wakes it a fraction of a millisecond early): it must
        // not then sleep a whole poll interval with the change waiting.
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        ClockPassingOutbox? outbox = null;
        await using var app = new SnomPresenceApp
        {
            Time = clock,
            ConfigureServices = services => services.AddSingleton<IPbxOutbox>(sp =>
                outbox = new ClockPassingOutbox(sp.GetRequiredService<SnomPresence.Stores.StoreBackend>().Outbox, clock, TimeSpan.FromSeconds(2))),
        }.WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:10:00";
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();

        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "the change reached 3CX once the hold had ended");
        Assert.True(outbox!.Passed, "the clock was moved past the hold while the change waited");
        Assert.Single(pbx.Patches);
    }

    [Fact]
    public void DeliverySleep_EndsWhenTheHoldEnds_RoundedUpToAMillisecond_AndNotAtAllOnceItHasEnded()
    {
        var now = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var poll = TimeSpan.FromMinutes(10);

        Assert.Equal(poll, SnomPresence.Pbx.Sync.PbxDeliveryWorker.WaitBefore(now, poll, null));
        Assert.Equal(TimeSpan.FromMilliseconds(926), SnomPresence.Pbx.Sync.PbxDeliveryWorker.WaitBefore(now, poll, now.AddTicks(9_250_001)));
        Assert.Equal(TimeSpan.Zero, SnomPresence.Pbx.Sync.PbxDeliveryWorker.WaitBefore(now, poll, now.AddTicks(-1)));
        Assert.Equal(poll, SnomPresence.Pbx.Sync.PbxDeliveryWorker.WaitBefore(now, poll, now.AddHours(1)));
    }

    [Fact]
    public async Task DeliveryReadingAStateOlderThanItsEntry_ReadsAgain_AndNeverCompletesTheEntryWithTheOlderState()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        StaleOnceStore? stale = null;
        await using var app = new SnomPresenceApp
        {
            // As a cache that has not yet taken in a change announced the moment it was committed.
            ConfigureServices = services => services.AddSingleton<IPresenceStore>(sp => stale = new StaleOnceStore(sp.GetRequiredService<SnomPresence.Stores.CachingPresenceStore>())),
        }.WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();

        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetOutboxDepthAsync()) == 0 && pbx.Patches.Count > 0, "the outbox is empty");
        Assert.Equal(1, stale!.StaleReads);
        Assert.Equal("Out of office", pbx.User("201").Profile);
        Assert.All(pbx.Patches, p => Assert.Equal("Out of office", (string?)p.Body["CurrentProfileName"]));
    }

    [Fact]
    public async Task Patch_ServiceUnavailableTwiceThenOk_IsRetriedAndDeliveredOnce()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();

        pbx.FailNext(503, 503);
        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "3CX has the change");
        var calls = pbx.Requests.Where(r => r.Status is 503 || r.Method == "PATCH").Select(r => r.Status).ToList();
        Assert.Equal(2, calls.Count(s => s == 503));
        Assert.Single(pbx.Patches);
    }

    [Fact]
    public async Task Patch_RetryAfterOn429_IsHonoured()
    {
        using var pbx = new FakeThreeCx { RetryAfterSeconds = 1 };
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();

        pbx.FailNext(429);
        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        await SnomPresenceApp.EventuallyAsync(() => pbx.Patches.Count == 1, "3CX has the change");
        var rejected = pbx.Requests.Single(r => r.Status == 429);
        var next = pbx.Requests.First(r => r.At > rejected.At && r.Method == "PATCH");
        Assert.True(next.At - rejected.At >= TimeSpan.FromMilliseconds(900), $"The retry came {(next.At - rejected.At).TotalMilliseconds} ms after 429 with Retry-After: 1.");
    }

    [Fact]
    public async Task Patch_SlowerThanAttemptTimeout_IsAbandonedAndRetried()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();

        // Longer than the attempt timeout (0.5 s): the first PATCH is given up on while 3CX still works on it.
        pbx.Delay = TimeSpan.FromSeconds(3);
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.PatchArrivals.Count >= 2, "a second PATCH was sent");
        pbx.Delay = TimeSpan.Zero;

        var arrivals = pbx.PatchArrivals;
        // The second went out long before the first could have been answered: the first was abandoned, not awaited.
        Assert.True(arrivals[1] - arrivals[0] < TimeSpan.FromSeconds(1), $"the second PATCH came {(arrivals[1] - arrivals[0]).TotalSeconds:0.00} s after the first");
        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "3CX has the change");
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetOutboxDepthAsync()) == 0, "the outbox is empty");
    }

    [Fact]
    public async Task Unauthorized_MidSession_RenewsTokenOnceAndRepeatsTheCall()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Patches.Count == 1, "the first change reached 3CX");

        pbx.RevokeToken();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");

        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Available", "3CX has the second change");
        // Whoever met the 401 first renewed the token; everyone else waited for that one renewal.
        var afterRevoke = pbx.Requests.SkipWhile(r => r.Status != 401).ToList();
        Assert.Single(afterRevoke, r => r.Path == "/connect/token");
        var renewed = afterRevoke.SkipWhile(r => r.Path != "/connect/token").Skip(1).ToList();
        Assert.NotEmpty(renewed);
        // A call that took the old token just before the renewal may still arrive with it (and repeat once with the
        // new one); every call made with the new token goes through.
        var newToken = renewed.First(r => r.Authorization is not null && r.Status != 401).Authorization;
        Assert.All(renewed.Where(r => r.Authorization == newToken), r => Assert.NotEqual(401, r.Status));
        Assert.All(renewed.Where(r => r.Status == 401), r => Assert.NotEqual(newToken, r.Authorization));
    }

    [Fact]
    public async Task LongOutage_ConnectionRefused_EndsInLatestStateWithoutOperator()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        pbx.AddUser(43, "202");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        using var monitor = app.CreateClient();
        await pbx.WaitForFirstPollAsync();

        pbx.Stop();
        foreach (var url in new[] { "dnd-on?ext=201", "dnd-off?ext=201", "dnd-on?ext=202", "dnd-on?ext=201" })
        {
            Assert.True((await phone.GetAsync("/snom/action/" + url)).IsSuccessStatusCode, "phones never wait for 3CX");
        }

        using var admin = app.CreateAdminClient();
        await admin.PutAsJsonAsync("/api/extensions/202/status", new { status = "business-trip" });
        await SnomPresenceApp.EventuallyAsync(async () => (await SnomPresenceApp.ReadinessAsync(monitor)).GetProperty("checks").GetProperty("pbx-sync").GetProperty("status").GetString() == "Degraded", "PBX sync reports degraded");
        var health = await SnomPresenceApp.ReadinessAsync(monitor);
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.Equal(2, health.GetProperty("checks").GetProperty("pbx-sync").GetProperty("data").GetProperty("outboxDepth").GetInt32());
        await Task.Delay(TimeSpan.FromSeconds(1));

        pbx.Restart();

        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetOutboxDepthAsync()) == 0, "the outbox drained after recovery");
        Assert.Equal("Out of office", pbx.User("201").Profile);
        Assert.Equal("Custom 2", pbx.User("202").Profile);
        // Coalesced: one PATCH per extension with its latest state, none with the states in between.
        Assert.Equal(["Out of office", "Custom 2"], pbx.Patches.OrderBy(p => p.UserId).Select(p => (string?)p.Body["CurrentProfileName"]));
        await SnomPresenceApp.EventuallyAsync(async () => (await SnomPresenceApp.ReadinessAsync(monitor)).GetProperty("status").GetString() == "Healthy", "health recovered");
    }

    [Fact]
    public async Task ChangeMadeIn3cx_ShowsOnStatusPage_WithCustomNameAndNoEcho()
    {
        using var pbx = new FakeThreeCx { Custom2Name = "Urlaub" };
        pbx.AddUser(42, "201", "Custom 2");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        app.CreateClient().Dispose();

        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201"))?.Status == PresenceStatus.BusinessTrip, "the 3CX status arrived");
        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201");

        Assert.Equal("Urlaub", page.Lines[0]);
        Assert.Equal(ChangeSource.Pbx, (await app.GetStoredStateAsync("201"))!.Source);
        Assert.Equal("pbx", (await app.GetHistoryAsync("201"))[0].Origin);

        pbx.User("201").Profile = "Out of office";
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201"))?.Status == PresenceStatus.Dnd, "the next 3CX change arrived");
        var dndPage = await PhonePage.GetAsync(phone, "/snom/status?ext=201");
        Assert.Equal("Nicht stören", dndPage.Lines[0]);
        Assert.Equal("DND aus", dndPage.SoftKeys["F2"].Label);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Empty(pbx.Patches);
    }

    [Fact]
    public async Task Poll_ManyUsers_ReadsAllPagesInOneRequestEach()
    {
        using var pbx = new FakeThreeCx();
        for (var i = 0; i < 7; i++)
        {
            pbx.AddUser(100 + i, (301 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? "Away" : "Available");
        }

        pbx.AddUser(200, "HD0001");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx).WithPatientPbxCalls();
        app.Settings["Pbx:ThreeCX:PageSize"] = "3";
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:01:00";
        app.CreateClient().Dispose();

        // 307 comes last and is away in 3CX: once it is, every page was applied.
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("307"))?.Status == PresenceStatus.Away, "the last page was applied");
        var pages = pbx.Requests.Where(r => r.Path == "/xapi/v1/Users").Select(r => r.Query).ToList();

        Assert.Equal(3, pages.Count);
        Assert.All(pages, q => Assert.Contains("$select=Id,Number,DisplayName,FirstName,LastName,CurrentProfileName,QueueStatus", Uri.UnescapeDataString(q), StringComparison.Ordinal));
        Assert.Equal(["$skip=0", "$skip=3", "$skip=6"], pages.Select(q => q.Split('&').Single(p => p.StartsWith("$skip=", StringComparison.Ordinal))));
        for (var i = 0; i < 7; i++)
        {
            var state = await app.GetStoredStateAsync((301 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(i % 2 == 0 ? PresenceStatus.Away : PresenceStatus.Available, state!.Status);
        }
    }

    [Fact]
    public async Task Poll_ServerPagingWithNextLink_IsFollowed()
    {
        using var pbx = new FakeThreeCx { PageCap = 2, SendNextLinks = true };
        for (var i = 0; i < 5; i++)
        {
            pbx.AddUser(100 + i, (401 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "Away");
        }

        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:01:00";
        app.CreateClient().Dispose();

        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("405"))?.Status == PresenceStatus.Away, "the last page was applied");
        Assert.Equal(3, pbx.Requests.Count(r => r.Path == "/xapi/v1/Users"));
        Assert.Equal(2, pbx.Requests.Count(r => r.Path == "/xapi/v1/Users" && r.Query.Contains("$skiptoken=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ExpiredCredentials_DuringOutage_DeliverOnceTheyWorkAgain()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Patches.Count == 1, "the first change reached 3CX");

        pbx.RejectCredentials = true;
        pbx.RevokeToken();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Requests.Count(r => r.Path == "/connect/token" && r.Status == 401) >= 3, "the token was refused a few times");
        Assert.Equal("Out of office", pbx.User("201").Profile);
        pbx.RejectCredentials = false;

        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Available", "the change reached 3CX after the credentials worked again");
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetOutboxDepthAsync()) == 0, "the outbox is empty");
    }

    [Fact]
    public async Task LocalChangeNotYetDelivered_IsNotOverwrittenByPoll()
    {
        using var pbx = new FakeThreeCx { RejectPatches = true };
        pbx.AddUser(42, "201", "Available");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201")) is not null, "the first poll created 201");

        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        var pollsBefore = pbx.Requests.Count(r => r.Path == "/xapi/v1/Users");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Requests.Count(r => r.Path == "/xapi/v1/Users") >= pollsBefore + 3, "three more polls ran");

        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
        Assert.DoesNotContain(await app.GetHistoryAsync("201"), h => h.Source == ChangeSource.Pbx && h.Kind == ChangeKind.Status);

        pbx.RejectPatches = false;
        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "the change reached 3CX");
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
    }

    [Fact]
    public async Task Forwarding_ChangedByAdmin_IsReadModifyWriteOfAllProfiles()
    {
        using var pbx = new FakeThreeCx();
        var user = pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.CreateClient().Dispose();
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201")) is not null, "the first poll created 201");
        var before = user.ForwardingProfiles.DeepClone();
        using var admin = app.CreateAdminClient();

        var response = await admin.PutAsJsonAsync("/api/extensions/201/forwarding/dnd", new
        {
            @internal = new { kind = "extension", number = "202" },
            external = new { kind = "external", number = "+4917012345678" },
        });

        Assert.True(response.IsSuccessStatusCode);
        await SnomPresenceApp.EventuallyAsync(() => pbx.Patches.Count == 1, "the forwarding reached 3CX");
        Assert.Contains(pbx.Requests, r => r.Method == "GET" && r.Path == "/xapi/v1/Users(42)/ForwardingProfiles");
        var sent = pbx.Patches[0].Body["ForwardingProfiles"]!.AsArray();
        Assert.Equal(5, sent.Count);
        var dnd = user.Route("Out of office");
        Assert.Equal("Extension", (string?)dnd["Internal"]!["To"]);
        Assert.Equal("202", (string?)dnd["Internal"]!["Number"]);
        Assert.Equal("External", (string?)dnd["External"]!["To"]);
        Assert.Equal("+4917012345678", (string?)dnd["External"]!["External"]);
        Assert.True((bool)dnd["AllHoursInternal"]!, "fields we do not manage are written back as read");
        foreach (var name in new[] { "Available", "Away", "Custom 1", "Custom 2" })
        {
            Assert.Equal(
                before.AsArray().Single(p => (string?)p!["Name"] == name)!.ToJsonString(),
                user.ForwardingProfiles.Single(p => (string?)p!["Name"] == name)!.ToJsonString());
        }

        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(ForwardingKind.Extension, state!.Forwarding.Get(PresenceStatus.Dnd, ForwardingSlot.Internal).Kind);
    }

    [Fact]
    public async Task FullRun_WithFaults_NeverLogsTheClientSecretOrToken()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        pbx.FailNext(503);
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Patches.Count == 1, "the change reached 3CX");
        pbx.RevokeToken();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Patches.Count == 2, "the second change reached 3CX");

        var tokens = pbx.Requests.Select(r => r.Authorization).OfType<string>().Select(a => a["Bearer ".Length..]).Distinct().ToList();
        foreach (var logEvent in app.Logs.Events)
        {
            var rendered = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + string.Join(' ', logEvent.Properties.Values) + logEvent.Exception;
            Assert.DoesNotContain(FakeThreeCx.ClientSecret, rendered, StringComparison.Ordinal);
            Assert.All(tokens, token => Assert.DoesNotContain(token, rendered, StringComparison.Ordinal));
        }
    }
}

/// <summary>The store, except that the first read after a change queued for the PBX answers the state before it.</summary>
internal sealed class StaleOnceStore(IPresenceStore inner) : DelegatingPresenceStore(inner)
{
    private PresenceState? _before;

    public int StaleReads { get; private set; }

    public override async Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken)
    {
        // Only a read of that very extension takes the stale state; reads of others leave it for the delivery.
        if (Volatile.Read(ref _before) is { } before && before.Extension == extension && Interlocked.CompareExchange(ref _before, null, before) == before)
        {
            StaleReads++;
            return before;
        }

        return await base.GetAsync(extension, cancellationToken);
    }

    public override async Task<bool> TrySaveAsync(PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken)
    {
        var saved = await base.TrySaveAsync(current, updated, entry, forPbx, cancellationToken);
        if (saved && forPbx != PbxChanges.None && StaleReads == 0)
        {
            _before = current;
        }

        return saved;
    }
}

/// <summary>
/// Moves the clock past the takeover hold the first time the delivery counts a waiting change, which it does right
/// after finding the change held and right before it goes to sleep.
/// </summary>
internal sealed class ClockPassingOutbox(IPbxOutbox inner, FakeTimeProvider clock, TimeSpan jump) : IPbxOutbox
{
    private int _passed;

    public bool Passed => Volatile.Read(ref _passed) == 1;

    public async Task<PbxOutboxStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var stats = await inner.GetStatsAsync(cancellationToken);
        if (stats.Depth > 0 && Interlocked.Exchange(ref _passed, 1) == 0)
        {
            clock.Advance(jump);
        }

        return stats;
    }

    public Task<IReadOnlyList<PbxOutboxEntry>> PeekAsync(int max, CancellationToken cancellationToken) => inner.PeekAsync(max, cancellationToken);

    public Task CompleteAsync(PbxOutboxEntry entry, CancellationToken cancellationToken) => inner.CompleteAsync(entry, cancellationToken);

    public Task RecordFailureAsync(PbxOutboxEntry entry, CancellationToken cancellationToken) => inner.RecordFailureAsync(entry, cancellationToken);

    public Task<bool> ParkAsync(PbxOutboxEntry entry, string reason, DateTimeOffset at, CancellationToken cancellationToken) => inner.ParkAsync(entry, reason, at, cancellationToken);

    public Task<IReadOnlyList<PbxOutboxEntry>> ListParkedAsync(CancellationToken cancellationToken) => inner.ListParkedAsync(cancellationToken);

    public Task<int> RetryParkedAsync(Extension? extension, CancellationToken cancellationToken) => inner.RetryParkedAsync(extension, cancellationToken);

    public Task<IReadOnlySet<Extension>> PendingAsync(CancellationToken cancellationToken) => inner.PendingAsync(cancellationToken);
}
