using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SnomPresence.Presence;
using WireMock.Server;

namespace SnomPresence.Web.Tests.Pbx;

/// <summary>The poll against a 3CX that pages as it likes, and what it takes from 3CX besides presence: settings and names.</summary>
public class ThreeCxPollTests
{
    [Fact]
    public async Task PageCapBelowTop_WithoutNextLink_ReadsUntilItHasTheCount()
    {
        using var pbx = new FakeThreeCx { PageCap = 3 };
        AddAwayUsers(pbx, 7);
        await using var app = new SnomPresenceApp().WithThreeCx(pbx).WithPatientPbxCalls();
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:10:00";
        app.CreateClient().Dispose();

        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("307"))?.Status == PresenceStatus.Away, "the last user was read");

        Assert.Equal(["$skip=0", "$skip=3", "$skip=6"], UserPages(pbx).Select(q => Param(q, "$skip")));
        Assert.All(UserPages(pbx), q => Assert.Equal("$top=500", Param(q, "$top")));
        await AssertAllAwayAsync(app, 7);
    }

    [Fact]
    public async Task PageCapBelowTop_WithoutCountOrNextLink_ReadsUntilAPageComesBackEmpty()
    {
        using var pbx = new FakeThreeCx { PageCap = 3, OmitCount = true };
        AddAwayUsers(pbx, 7);
        await using var app = new SnomPresenceApp().WithThreeCx(pbx).WithPatientPbxCalls();
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:10:00";
        app.CreateClient().Dispose();

        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("307"))?.Status == PresenceStatus.Away, "the last user was read");

        Assert.Equal(["$skip=0", "$skip=3", "$skip=6", "$skip=7"], UserPages(pbx).Select(q => Param(q, "$skip")));
        await AssertAllAwayAsync(app, 7);
    }

    [Fact]
    public async Task NextLinkToAnotherHost_IsNotFollowed_TheTokenStaysHome_AndEveryUserIsStillRead()
    {
        using var elsewhere = WireMockServer.Start();
        using var pbx = new FakeThreeCx { PageCap = 2, SendNextLinks = true, NextLinkBase = elsewhere.Url };
        AddAwayUsers(pbx, 5);
        await using var app = new SnomPresenceApp().WithThreeCx(pbx).WithPatientPbxCalls();
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:10:00";
        app.CreateClient().Dispose();

        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("305"))?.Status == PresenceStatus.Away, "the last user was read");

        Assert.Empty(elsewhere.LogEntries);
        Assert.Equal(["$skip=0", "$skip=2", "$skip=4"], UserPages(pbx).Select(q => Param(q, "$skip")));
        await AssertAllAwayAsync(app, 5);
        var warning = await app.Logs.WaitForAsync(e => e.EventId() == 4011);
        Assert.Equal("2", LogCapture.Scalar(warning, "NextLinksRefused"));
    }

    [Fact]
    public async Task Settings_AreReadAtStartAndEveryInterval_NotEveryPoll_AndAFailureNeverFailsThePoll()
    {
        using var pbx = new FakeThreeCx { Custom1Name = "Mittagspause" };
        var user = pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:SettingsInterval"] = "00:00:02";
        using var phone = app.CreatePhoneClient();
        await SnomPresenceApp.EventuallyAsync(() => UserPages(pbx).Count >= 12, "a dozen polls ran");

        var polls = UserPages(pbx).Count;
        var reads = pbx.Requests.Count(r => r.Path == "/xapi/v1/Defs/Pbx.GetSystemParameters()");
        Assert.InRange(reads, 1, 1 + (polls / 5));
        Assert.InRange(pbx.Requests.Count(r => r.Path == "/xapi/v1/PhonesSettings"), 1, 1 + (polls / 5));
        Assert.Equal("Mittagspause", (await PhonePage.GetAsync(phone, "/snom/menu?ext=201")).MenuItems[3].Name);

        pbx.FailSettings = true;
        pbx.Custom1Name = "Anders";
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        user.Profile = "Away";

        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201"))?.Status == PresenceStatus.Away, "the poll went on while the settings failed");
        Assert.Contains(pbx.Requests, r => r.Path == "/xapi/v1/Defs/Pbx.GetSystemParameters()" && r.Status == 500);
        using var monitor = app.CreateClient();
        var health = await SnomPresenceApp.ReadinessAsync(monitor);
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("pbx-sync").GetProperty("status").GetString());
        // What was read stays in use.
        Assert.Equal("Mittagspause", (await PhonePage.GetAsync(phone, "/snom/menu?ext=201")).MenuItems[3].Name);
        var failed = await app.Logs.WaitForAsync(e => e.EventId() == 4009);
        Assert.Equal("HTTP 500", LogCapture.Scalar(failed, "PbxError"));
    }

    [Fact]
    public async Task Dnd_FollowsThePhonesDndProfileOf3cx_AndTheChoiceIsLogged()
    {
        using var pbx = new FakeThreeCx { CustomDndProfile = "Away" };
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        // A phone naming its model, so the status page lights its Status key's LED.
        phone.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Mozilla/4.0 (compatible; snomD385-SIP 10.1.215.13 2010.12-00004-g9ba52f5 000413922D24 SXM:0 UXM:0)");
        await pbx.WaitForFirstPollAsync();
        var choice = await app.Logs.WaitForAsync(e => e.EventId() == 4010);

        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Away", "DND reached 3CX as its DND profile");
        var polls = UserPages(pbx).Count;
        await SnomPresenceApp.EventuallyAsync(() => UserPages(pbx).Count >= polls + 3, "three more polls ran");

        Assert.Equal(("Away", "PhonesSettings.CustomDNDProfile"), (LogCapture.Scalar(choice, "PbxProfile"), LogCapture.Scalar(choice, "PbxDndSource")));
        Assert.Equal("""{"CurrentProfileName":"Away"}""", Assert.Single(pbx.Patches).Body.ToJsonString());
        // 3CX now says Away: for this extension that is its DND, not a change to Abwesend.
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Dnd, state!.Status);
        Assert.Equal("on", (await PhonePage.GetAsync(phone, "/snom/status?ext=201")).Led!.Value.State);
    }

    [Fact]
    public async Task Poll_StoresEachUsers3cxName_WithTheExtension()
    {
        using var pbx = new FakeThreeCx();
        var erika = pbx.AddUser(42, "201");
        erika.DisplayName = "Erika Muster";
        var max = pbx.AddUser(43, "202");
        (max.FirstName, max.LastName) = ("Max", "Vertreter");
        pbx.AddUser(44, "203");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var admin = app.CreateAdminClient();
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("203")) is not null, "the poll read the users");

        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201"))?.Name is not null, "the names were stored");
        var first = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/201");
        erika.DisplayName = "Erika Mustermann";
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201"))?.Name?.Text == "Erika Mustermann", "the renamed user was read");

        Assert.Equal(("Erika Muster", "pbx"), (first.GetProperty("displayName").GetString(), first.GetProperty("nameSource").GetString()));
        Assert.Equal(new ExtensionName("Max Vertreter", NameSource.Pbx), (await app.GetStoredStateAsync("202"))!.Name);
        Assert.Null((await app.GetStoredStateAsync("203"))!.Name);
        Assert.Equal(ChangeKind.Settings, (await app.GetHistoryAsync("201"))[0].Kind);
        Assert.Empty(pbx.Patches);
    }

    private static void AddAwayUsers(FakeThreeCx pbx, int count)
    {
        for (var i = 0; i < count; i++)
        {
            pbx.AddUser(100 + i, (301 + i).ToString(CultureInfo.InvariantCulture), "Away");
        }
    }

    private static async Task AssertAllAwayAsync(SnomPresenceApp app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(PresenceStatus.Away, (await app.GetStoredStateAsync((301 + i).ToString(CultureInfo.InvariantCulture)))!.Status);
        }
    }

    private static List<string> UserPages(FakeThreeCx pbx) =>
        [.. pbx.Requests.Where(r => r.Path == "/xapi/v1/Users" && !r.Query.Contains("$filter", StringComparison.Ordinal)).Select(r => r.Query)];

    private static string Param(string query, string name) => query.Split('&').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal));
}
