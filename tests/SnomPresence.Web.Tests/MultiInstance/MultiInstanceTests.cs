using System.Net.Http.Json;
using System.Text.Json;
using SnomPresence.Presence;
using SnomPresence.Web.Tests.Pbx;

namespace SnomPresence.Web.Tests.MultiInstance;

public sealed class PostgresMultiInstanceTests() : MultiInstanceTests("Postgres");

public sealed class RedisMultiInstanceTests() : MultiInstanceTests("Redis");

/// <summary>Two instances of the service on one shared store, as behind a load balancer.</summary>
public abstract class MultiInstanceTests(string provider) : IAsyncLifetime
{
    private readonly List<SnomPresenceApp> _apps = [];
    private SharedStore _store = null!;

    public async Task InitializeAsync() => _store = await SharedStore.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    private SnomPresenceApp Instance(FakeThreeCx? pbx = null)
    {
        var app = new SnomPresenceApp();
        foreach (var (key, value) in _store.Settings)
        {
            app.Settings[key] = value;
        }

        if (pbx is not null)
        {
            app.WithThreeCx(pbx);
            app.Settings["Pbx:LeaseDuration"] = "00:00:01";
        }

        _apps.Add(app);
        return app;
    }

    [Fact]
    public async Task DndPressedViaA_ShowsOnBsStatusPage()
    {
        var a = Instance();
        var b = Instance();
        using var phoneA = a.CreatePhoneClient();
        using var phoneB = b.CreatePhoneClient();
        await phoneA.GetAsync("/snom/action/dnd-off?ext=201");
        // B reads (and caches) the extension first, so the test shows its cache follows A's change.
        Assert.Equal("Verfügbar", (await PhonePage.GetAsync(phoneB, "/snom/status?ext=201")).Lines[0]);

        await phoneA.GetAsync("/snom/action/dnd-on?ext=201");

        await SnomPresenceApp.EventuallyAsync(
            async () => (await PhonePage.GetAsync(phoneB, "/snom/status?ext=201")).Lines[0] == "Nicht stören", "B shows DND");
        Assert.Equal(PresenceStatus.Dnd, (await b.GetStoredStateAsync("201"))!.Status);
    }

    [Fact]
    public async Task ChangeViaEitherInstance_ReachesThreeCxExactlyOnce()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(1, "201");
        pbx.AddUser(2, "202");
        var a = Instance(pbx);
        var b = Instance(pbx);
        using var phoneA = a.CreatePhoneClient();
        using var phoneB = b.CreatePhoneClient();
        await phoneA.GetAsync("/snom/action/dnd-off?ext=201");
        await phoneB.GetAsync("/snom/action/dnd-off?ext=202");
        await pbx.WaitForFirstPollAsync();

        await phoneA.GetAsync("/snom/action/dnd-on?ext=201");
        await phoneB.GetAsync("/snom/action/dnd-on?ext=202");

        // DND is 3CX's "Out of office" profile by default.
        await SnomPresenceApp.EventuallyAsync(
            () => pbx.User("201").Profile == "Out of office" && pbx.User("202").Profile == "Out of office",
            "3CX has both changes",
            () => $"201 {pbx.User("201").Profile}, 202 {pbx.User("202").Profile}");
        // Five more polls, each followed by delivery rounds, in which a second deliverer would have sent its copy.
        var polls = pbx.Requests.Count(r => r.Path == "/xapi/v1/Users");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Requests.Count(r => r.Path == "/xapi/v1/Users") >= polls + 5, "five more polls ran");
        Assert.Single(pbx.Patches, p => p.UserId == 1 && (string?)p.Body["CurrentProfileName"] == "Out of office");
        Assert.Single(pbx.Patches, p => p.UserId == 2 && (string?)p.Body["CurrentProfileName"] == "Out of office");
        var syncing = new List<bool>();
        foreach (var app in new[] { a, b })
        {
            using var client = app.CreateMonitorClient();
            var health = await client.GetFromJsonAsync<JsonElement>("/health/ready");
            syncing.Add(health.GetProperty("checks").GetProperty("pbx-sync").GetProperty("data").GetProperty("syncingInstance").GetBoolean());
        }

        Assert.Single(syncing, s => s);
    }

    [Fact]
    public async Task ShortTermStatus_WithBothInstancesRunning_ExpiresOnce()
    {
        var a = Instance();
        var b = Instance();
        using var phoneB = b.CreatePhoneClient();
        await a.CreateExtensionAsync("201");
        await PhonePage.GetAsync(phoneB, "/snom/status?ext=201");

        await a.SetStatusAsync("201", "lunch", TimeProvider.System.GetUtcNow().AddSeconds(1.5));

        await SnomPresenceApp.EventuallyAsync(async () => (await a.GetHistoryAsync("201")).Any(e => e.Source == ChangeSource.Timer), "the lunch break ran out");
        // Time for a second expiry, had the other instance fired one too.
        await Task.Delay(1000);
        var history = await a.GetHistoryAsync("201");
        Assert.Single(history, e => e.Source == ChangeSource.Timer);
        Assert.Equal(ChangeSource.Timer, history[0].Source);
        Assert.Equal("Verfügbar", (await PhonePage.GetAsync(phoneB, "/snom/status?ext=201")).Lines[0]);
    }

    [Fact]
    public async Task ShortTermStatus_SetViaA_AStoppedBeforeItEnds_BExpiresItExactlyOnce()
    {
        var a = Instance();
        var b = Instance();
        using var phoneB = b.CreatePhoneClient();
        await a.CreateExtensionAsync("201");
        await PhonePage.GetAsync(phoneB, "/snom/status?ext=201");

        await a.SetStatusAsync("201", "lunch", TimeProvider.System.GetUtcNow().AddSeconds(2));
        await a.DisposeAsync();
        _apps.Remove(a);

        // Only B is left to end the break: its timer must have learnt of it from A's change.
        await SnomPresenceApp.EventuallyAsync(
            async () => (await b.GetHistoryAsync("201")).Any(e => e.Source == ChangeSource.Timer),
            "B ended the lunch break",
            () => string.Join(", ", b.GetHistoryAsync("201").GetAwaiter().GetResult().Select(e => $"{e.Status} by {e.Source}")));
        // A later break, set and ended through B alone, shows B's timer ran past the first one's end again.
        await b.SetStatusAsync("201", "away", TimeProvider.System.GetUtcNow().AddSeconds(1));
        await SnomPresenceApp.EventuallyAsync(
            async () => (await b.GetHistoryAsync("201")).Count(e => e.Source == ChangeSource.Timer) >= 2, "B ended the second break");
        var history = await b.GetHistoryAsync("201");
        Assert.Equal(2, history.Count(e => e.Source == ChangeSource.Timer));
        Assert.Equal("Verfügbar", (await PhonePage.GetAsync(phoneB, "/snom/status?ext=201")).Lines[0]);
    }

    [Fact]
    public async Task AdminChangeViaB_IsServedByAsApi()
    {
        var a = Instance();
        var b = Instance();
        await a.CreateExtensionAsync("201");
        using var adminA = a.CreateAdminClient();
        Assert.Equal("available", (await adminA.GetFromJsonAsync<JsonElement>("/api/extensions/201")).GetProperty("status").GetString());

        await b.SetStatusAsync("201", "business-trip");

        await SnomPresenceApp.EventuallyAsync(
            async () => (await adminA.GetFromJsonAsync<JsonElement>("/api/extensions/201")).GetProperty("status").GetString() == "business-trip",
            "A's API shows B's change");
    }

    [Fact]
    public async Task PhoneAddedViaA_IsLetInByB_AndARotationReachesB()
    {
        var a = Instance().WithProvisioning();
        var b = Instance().WithProvisioning();
        var token = await a.AddPhoneAsync("000413A11FA7", "D785", "201");
        using var phoneB = b.CreatePhoneClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await phoneB.GetAsync($"/snom/action/dnd-on?ext=201&mac=000413A11FA7&token={token}")).StatusCode);

        using var adminA = a.CreateAdminClient();
        await adminA.PostAsync("/api/phones/000413A11FA7/token?immediately=true", null);

        await SnomPresenceApp.EventuallyAsync(
            async () => (await phoneB.GetAsync($"/snom/action/dnd-off?ext=201&mac=000413A11FA7&token={token}")).StatusCode == System.Net.HttpStatusCode.Forbidden,
            "B refuses the old token");
    }

    [Fact]
    public async Task InstanceSyncingWithThreeCx_KilledWithWorkQueued_TheOtherDeliversIt()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(1, "201");
        var settings = pbx.ServiceSettings();
        foreach (var (key, value) in _store.Settings)
        {
            settings[key] = value;
        }

        settings["Pbx:LeaseDuration"] = "00:00:02";
        await using var a = await ServiceProcess.StartAsync(settings);
        await pbx.WaitForFirstPollAsync();
        await using var b = await ServiceProcess.StartAsync(settings);
        pbx.Stop();
        using var phone = a.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await phone.GetAsync("/snom/action/dnd-on?ext=201")).StatusCode);

        await a.KillAsync();
        pbx.Restart();

        await SnomPresenceApp.EventuallyAsync(
            () => pbx.User("201").Profile == "Out of office", "the surviving instance delivered the change", () => $"3CX has {pbx.User("201").Profile}; B said:\n{b.Output}");
        Assert.Contains("now syncs with 3CX", b.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstanceKilled_WithAShortTermStatusRunningAndAChangeQueuedFor3cx_TheOtherExpiresAndDeliversEachExactlyOnce()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(1, "201");
        pbx.AddUser(2, "202");
        var settings = pbx.ServiceSettings();
        foreach (var (key, value) in _store.Settings)
        {
            settings[key] = value;
        }

        settings["Pbx:LeaseDuration"] = "00:00:02";
        settings["Admin:ApiKey"] = SnomPresenceApp.ApiKey;
        await using var a = await ServiceProcess.StartAsync(settings);
        await pbx.WaitForFirstPollAsync();
        await using var b = await ServiceProcess.StartAsync(settings);
        pbx.Stop();

        // Through A, while 3CX is down: a change that waits in the outbox, and a lunch break that ends after A is gone.
        using var phone = a.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await phone.GetAsync("/snom/action/dnd-on?ext=201")).StatusCode);
        using var adminA = Admin(a);
        var until = TimeProvider.System.GetUtcNow().AddSeconds(4);
        (await adminA.PutAsJsonAsync("/api/extensions/202/status", new { status = "lunch", expiresAt = until })).EnsureSuccessStatusCode();
        await a.KillAsync();
        pbx.Restart();

        using var adminB = Admin(b);
        await SnomPresenceApp.EventuallyAsync(
            async () => (await adminB.GetFromJsonAsync<JsonElement>("/api/extensions/202")).GetProperty("status").GetString() == "available", "B ended the lunch break");
        await SnomPresenceApp.EventuallyAsync(
            () => pbx.User("201").Profile == "Out of office" && pbx.User("202").Profile == "Available",
            "3CX has 201's DND and 202 back from lunch",
            () => $"201 {pbx.User("201").Profile}, 202 {pbx.User("202").Profile}; B said:\n{b.Output}");
        // B has since run several more polls and delivery rounds: a second expiry or a second copy would have shown.
        var pollsSoFar = pbx.Requests.Count(r => r.Path == "/xapi/v1/Users");
        await SnomPresenceApp.EventuallyAsync(() => pbx.Requests.Count(r => r.Path == "/xapi/v1/Users") >= pollsSoFar + 5, "five more polls ran");

        var history = await adminB.GetFromJsonAsync<JsonElement>("/api/extensions/202/history");
        var sources = history.EnumerateArray().Select(e => e.GetProperty("source").GetString()).ToList();
        Assert.Equal(1, sources.Count(s => s == "timer"));
        Assert.Single(pbx.Patches, p => p.UserId == 1 && (string?)p.Body["CurrentProfileName"] == "Out of office");
        Assert.DoesNotContain(pbx.Patches, p => p.UserId == 1 && (string?)p.Body["CurrentProfileName"] != "Out of office");
        // 202's lunch may have reached 3CX before its end or been overtaken by it; it ends Available. A PATCH the
        // service stopped waiting for may land and be sent again, so repeats of one value are one delivery; the
        // lunch is never sent again after Available.
        var forTwo = pbx.Patches.Where(p => p.UserId == 2).Select(p => (string?)p.Body["CurrentProfileName"]).ToList();
        Assert.True(forTwo.SkipWhile(p => p != "Available").All(p => p == "Available"), string.Join(", ", forTwo));
        Assert.Equal("Available", (string?)pbx.Patches.LastOrDefault(p => p.UserId == 2).Body?["CurrentProfileName"] ?? "Available");
    }

    private static HttpClient Admin(ServiceProcess service)
    {
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        return client;
    }

    [Fact]
    public async Task AfterTheStoreDroppedEveryConnection_BStillFollowsA()
    {
        var a = Instance();
        var b = Instance();
        using var phoneA = a.CreatePhoneClient();
        using var phoneB = b.CreatePhoneClient();
        await phoneA.GetAsync("/snom/action/dnd-off?ext=201");
        Assert.Equal("Verfügbar", (await PhonePage.GetAsync(phoneB, "/snom/status?ext=201")).Lines[0]);

        await _store.DropConnectionsAsync();
        // A's first presses may meet connections the store cut (the phone then sees an error screen), so A presses until stored.
        await SnomPresenceApp.EventuallyAsync(
            async () =>
            {
                await phoneA.GetAsync("/snom/action/dnd-on?ext=201");
                var page = await PhonePage.GetAsync(phoneA, "/snom/status?ext=201");
                return page.Lines.Count > 0 && page.Lines[0] == "Nicht stören";
            },
            "A stored DND again");

        await SnomPresenceApp.EventuallyAsync(
            async () => (await PhonePage.GetAsync(phoneB, "/snom/status?ext=201")).Lines[0] == "Nicht stören", "B shows DND after reconnecting");
    }

    [Fact]
    public async Task AdminSignedInOnA_IsSignedInOnB_AndBsBoardStreamsAsChanges()
    {
        var a = Instance();
        var b = Instance();
        await a.CreateExtensionAsync("201");
        using var signIn = a.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await signIn.GetAsync("/admin/signin");
        var antiforgeryCookie = form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = SnomPresenceApp.ApiKey }),
        };
        post.Headers.Add("Cookie", string.Join("; ", antiforgeryCookie));
        var signedIn = await signIn.SendAsync(post);
        var session = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("snompresence-admin=", StringComparison.Ordinal));

        using var onB = b.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        onB.DefaultRequestHeaders.Add("Cookie", session);
        var board = await onB.GetAsync("/admin/board.json");

        Assert.Equal(System.Net.HttpStatusCode.OK, board.StatusCode);
        Assert.Equal("201", (await board.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("extension").GetString());

        using var events = await onB.GetAsync("/admin/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
        Assert.Equal("event: open", await reader.ReadLineAsync());
        await a.SetStatusAsync("201", "away");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is not null && !line.StartsWith("data: {", StringComparison.Ordinal));

        Assert.Equal("away", JsonDocument.Parse(line!["data: ".Length..]).RootElement.GetProperty("status").GetString());
    }
}
