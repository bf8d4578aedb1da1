using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Presence;
using SnomPresence.Web.Tests.AdminUi;

namespace SnomPresence.Web.Tests.Pbx;

/// <summary>One user 3CX refuses never holds up the others, and nothing it refused is lost.</summary>
public sealed class ThreeCxParkingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-parking-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RefusedUser_IsParkedWithTheReason_OthersFlowAtOnce_ShownEverywhere_AndDeliveredWhenTheAdminRetries()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        pbx.AddUser(43, "202");
        pbx.AddUser(44, "203");
        pbx.Forbid(42);
        await using var service = await ServiceProcess.StartAsync(pbx.ProcessSettings(_folder));
        await pbx.WaitForFirstPollAsync();
        using var client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);

        foreach (var ext in new[] { "201", "202", "203" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/snom/action/dnd-on?ext={ext}")).StatusCode);
        }

        // 201 was first in line: the others reaching 3CX shows the refusal did not hold them up (a refusal retried as
        // an outage would have kept them behind it for good), and the single 403 that it was not tried again.
        try
        {
            await SnomPresenceApp.EventuallyAsync(() => pbx.User("202").Profile == "Out of office" && pbx.User("203").Profile == "Out of office", "the others reached 3CX");
        }
        catch (Xunit.Sdk.XunitException ex)
        {
            Assert.Fail($"{ex.Message}\n3CX got:\n{string.Join("\n", pbx.Requests.Select(r => $"{r.At:HH:mm:ss.fff} {r.Method} {r.Path} {r.Status}"))}\nService:\n{service.Output}");
        }

        var refused = Assert.Single(pbx.Requests, r => r.Status == 403);
        Assert.True(pbx.Requests.Where(r => r.Method == "PATCH" && r.Status == 204).All(r => r.At > refused.At), "201's change went first");
        Assert.Equal("Available", pbx.User("201").Profile);

        JsonElement health = default;
        // The parked change counts at once; the others leave the outbox as their deliveries complete.
        await SnomPresenceApp.EventuallyAsync(
            async () =>
            {
                var data = (health = await client.GetFromJsonAsync<JsonElement>("/health/ready")).GetProperty("checks").GetProperty("pbx-sync").GetProperty("data");
                return data.GetProperty("parkedChanges").GetInt32() == 1 && data.GetProperty("outboxDepth").GetInt32() == 0;
            },
            "health counts the parked change and nothing else waiting",
            () => health.GetProperty("checks").GetProperty("pbx-sync").ToString());
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("pbx-sync").GetProperty("status").GetString());
        var extension = await client.GetFromJsonAsync<JsonElement>("/api/extensions/201");
        var reason = extension.GetProperty("pbxParked").GetProperty("reason").GetString();
        Assert.Contains("403", reason, StringComparison.Ordinal);
        Assert.Contains("PATCH /xapi/v1/Users(42)", reason, StringComparison.Ordinal);
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/extensions/202")).TryGetProperty("pbxParked", out _));
        await SnomPresenceApp.EventuallyAsync(
            async () => Regex.IsMatch(await client.GetStringAsync("/metrics"), @"^snompresence_pbx_outbox_parked(\{[^}]*\})? 1( |$)", RegexOptions.Multiline),
            "the metrics count the parked change");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(pbx.Requests, r => r.Status == 403);

        pbx.Forbid(42, forbidden: false);
        var retry = await client.PostAsync("/api/extensions/201/pbx-retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "the parked change reached 3CX after the retry");
        await SnomPresenceApp.EventuallyAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>("/health/ready")).GetProperty("status").GetString() == "Healthy", "health recovered");
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync("/api/extensions/201/pbx-retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/extensions/777/pbx-retry", null)).StatusCode);
    }

    [Fact]
    public async Task ParkedChange_MarksItsBoardRow_AndGoesOutWhenTheConfigurationChanges()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        pbx.Forbid(42);
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();
        var (board, _) = await AdminUiTests.SignInAsync(app);

        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await SnomPresenceApp.EventuallyAsync(
            async () => (await board.GetFromJsonAsync<JsonElement>("/admin/board.json")).EnumerateArray().Single().TryGetProperty("pbxParked", out var reason)
                && reason.GetString()!.Contains("403", StringComparison.Ordinal),
            "the board marks the parked row");
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        // A parked local change is not overwritten by what the poll reads from 3CX meanwhile.
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);

        pbx.Forbid(42, forbidden: false);
        ((IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>()).Reload();

        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "the parked change reached 3CX after the configuration changed");
        await SnomPresenceApp.EventuallyAsync(
            async () => !(await board.GetFromJsonAsync<JsonElement>("/admin/board.json")).EnumerateArray().Single().TryGetProperty("pbxParked", out _),
            "the mark is gone");
    }

    [Fact]
    public async Task UserDeletedAndCreatedAgainIn3cx_TheOldIdIsDropped_AndTheChangeReachesTheNewUser()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:10:00";
        using var phone = app.CreatePhoneClient();
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201")) is not null, "the poll learned user 42");

        var recreated = pbx.Recreate("201", 77);
        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        try
        {
            await SnomPresenceApp.EventuallyAsync(() => recreated.Profile == "Out of office", "the change reached the new user");
        }
        catch (Xunit.Sdk.XunitException ex)
        {
            Assert.Fail($"{ex.Message}\n{string.Join("\n", pbx.Requests.Select(r => $"{r.At:HH:mm:ss.fff} {r.Method} {r.Path}?{r.Query} {r.Status}"))}\n{string.Join("\n", app.Logs.Events.Where(e => e.Level >= Serilog.Events.LogEventLevel.Information && e.EventId() is >= 4000 and < 5000).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)))}");
        }

        var patches = pbx.Requests.Where(r => r.Method == "PATCH").Select(r => (r.Path, r.Status)).ToList();
        Assert.Equal([("/xapi/v1/Users(42)", 404), ("/xapi/v1/Users(77)", 204)], patches);
        Assert.Contains(pbx.Requests, r => r.Query.Contains("$filter=", StringComparison.Ordinal));
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetOutboxDepthAsync()) == 0, "the outbox is empty");
        Assert.Empty(await app.Services.GetRequiredService<IPbxOutbox>().ListParkedAsync(default));
    }

    [Fact]
    public async Task UserGoneFrom3cx_IsParkedNotDropped()
    {
        using var pbx = new FakeThreeCx();
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();

        await phone.GetAsync("/snom/action/dnd-on?ext=299");

        var outbox = app.Services.GetRequiredService<IPbxOutbox>();
        await SnomPresenceApp.EventuallyAsync(async () => (await outbox.ListParkedAsync(default)).Count == 1, "the change is parked");
        Assert.Equal("3CX has no user with extension 299", (await outbox.ListParkedAsync(default))[0].Parked!.Reason);
    }
}
