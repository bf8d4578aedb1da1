using System.Net;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

public class ActionUrlTests
{
    [Fact]
    public async Task DndOn_UnknownExtension_CreatesItAsDndWithEmptyOk()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();

        var response = await phone.GetAsync("/snom/action/dnd-on?ext=201&mac=00:04:13:a1:1f:a7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Dnd, state!.Status);
        Assert.Equal(ChangeSource.Phone, state.Source);
        Assert.Null(state.ExpiresAt);
        var history = await app.GetHistoryAsync("201");
        Assert.Equal([(2L, ChangeKind.Status, PresenceStatus.Dnd), (1L, ChangeKind.Created, PresenceStatus.Available)], history.Select(h => (h.Version, h.Kind, h.Status)));
        Assert.All(history, h => Assert.Equal("000413A11FA7", h.Origin));
    }

    [Fact]
    public async Task DndOn_Repeated_NeitherBumpsVersionNorAddsHistory()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        var before = await app.GetStoredStateAsync("201");

        var again = await phone.GetAsync("/snom/action/dnd-on?ext=201&mac=000413A11FA7");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(before, await app.GetStoredStateAsync("201"));
        Assert.Equal(2, (await app.GetHistoryAsync("201")).Count);
    }

    [Fact]
    public async Task DndOff_AfterDndOn_MakesAvailable()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        var response = await phone.GetAsync("/snom/action/dnd-off?ext=201");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Available, state!.Status);
        Assert.Equal(3, state.Version);
        Assert.Equal(ChangeSource.Phone, state.Source);
    }

    [Fact]
    public async Task DndOn_WhileAdminSetTimedDnd_ClearsTheExpiry()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        await app.SetStatusAsync("201", "dnd", TimeProvider.System.GetUtcNow().AddHours(1));
        using var phone = app.CreatePhoneClient();

        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Dnd, state!.Status);
        Assert.Null(state.ExpiresAt);
        Assert.Equal(ChangeSource.Phone, state.Source);
    }

    [Theory]
    [InlineData("/snom/action/dnd-on", "Die Anfrage nennt keine Nebenstelle (ext). Bitte Action-URL prüfen.")]
    [InlineData("/snom/action/dnd-on?ext=", "Die Anfrage nennt keine Nebenstelle (ext). Bitte Action-URL prüfen.")]
    [InlineData("/snom/action/dnd-on?ext=$active_user", "Ungültige Nebenstelle \"$active_user\": nur Ziffern, höchstens 16.")]
    [InlineData("/snom/action/dnd-off?ext=12345678901234567", "Ungültige Nebenstelle \"12345678901234567\": nur Ziffern, höchstens 16.")]
    [InlineData("/snom/action/dnd-off?ext=1234567890123456789012345", "Ungültige Nebenstelle \"12345678901234567890…\": nur Ziffern, höchstens 16.")]
    // The screen quotes only what a display can show: control characters go, a pair is never cut in half.
    [InlineData("/snom/action/dnd-on?ext=2%000%071", "Ungültige Nebenstelle \"201\": nur Ziffern, höchstens 16.")]
    [InlineData("/snom/action/dnd-on?ext=1234567890123456789%F0%9F%98%800", "Ungültige Nebenstelle \"1234567890123456789…\": nur Ziffern, höchstens 16.")]
    [InlineData("/snom/action/dnd-on?ext=201&mac=$mac", "Ungültige MAC-Adresse \"$mac\".")]
    [InlineData("/snom/action/dnd-on?ext=201&mac=00041", "Ungültige MAC-Adresse \"00041\".")]
    public async Task Action_BadInput_ShowsGermanErrorScreenAndStoresNothing(string url, string message)
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();

        var page = await PhonePage.GetAsync(phone, url);

        Assert.Equal("SnomIPPhoneText", page.Root.Name.LocalName);
        Assert.Equal("Fehler", page.Title);
        Assert.Equal([message], page.Lines);
        Assert.Equal("snom://mb_exit", page.SoftKeys["F4"].Url);
        Assert.Null(await app.GetStoredStateAsync("201"));
    }
}
