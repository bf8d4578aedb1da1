using System.Net.Http.Json;
using System.Text.Json;
using SnomPresence.Presence;
using SnomPresence.Web.Tests.Pbx;

namespace SnomPresence.Web.Tests;

public class QueueTests
{
    [Fact]
    public async Task QueueToggle_FromTheMenu_LogsInShowsItAndLogsOut()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");

        var menu = await PhonePage.GetAsync(phone, "/snom/menu?ext=201");
        var loggedIn = await PhonePage.GetAsync(phone, PhonePage.PathOf(menu.MenuItems.Single(i => i.Name == "Warteschlange anmelden").Url));
        var menuAfter = await PhonePage.GetAsync(phone, "/snom/menu?ext=201");
        var loggedOut = await PhonePage.GetAsync(phone, PhonePage.PathOf(menuAfter.MenuItems.Single(i => i.Name == "Warteschlange abmelden").Url));

        Assert.Equal("In Warteschlange", loggedIn.Lines[^1]);
        Assert.DoesNotContain("In Warteschlange", loggedOut.Lines);
        Assert.False((await app.GetStoredStateAsync("201"))!.QueueLoggedIn);
        Assert.Equal(
            [ChangeKind.Queue, ChangeKind.Queue],
            (await app.GetHistoryAsync("201")).Take(2).Select(h => h.Kind));
    }

    [Fact]
    public async Task QueueToggle_BadValue_ShowsErrorScreen()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");

        var page = await PhonePage.GetAsync(phone, "/snom/queue?ext=201&login=yes");

        Assert.Equal(["Ungültige Auswahl \"yes\"."], page.Lines);
    }

    [Fact]
    public async Task Queue_SetByAdmin_IsInTheModel()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var admin = app.CreateAdminClient();

        var set = await admin.PutAsJsonAsync("/api/extensions/201/queue", new { loggedIn = true });
        var missing = await admin.PutAsJsonAsync("/api/extensions/201/queue", new { });

        Assert.True((await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queueLoggedIn").GetBoolean());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await app.GetStoredStateAsync("201"))!.QueueLoggedIn);
    }

    [Fact]
    public async Task Queue_WithThreeCx_IsPatchedAndReadBack()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        pbx.AddUser(43, "202").QueueStatus = "LoggedIn";
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("202"))?.QueueLoggedIn == true, "the queue log-in of 202 came from 3CX");

        await phone.GetAsync("/snom/queue?ext=201&login=1");

        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").QueueStatus == "LoggedIn", "3CX has 201 in its queues");
        Assert.Equal("""{"QueueStatus":"LoggedIn"}""", pbx.Patches.Single().Body.ToJsonString());
    }
}
