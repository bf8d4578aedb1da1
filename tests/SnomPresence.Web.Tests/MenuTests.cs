using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

public class MenuTests
{
    [Fact]
    public async Task Menu_ListsAllFiveStatusesWithCurrentMarked()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        var page = await PhonePage.GetAsync(phone, "/snom/menu?ext=201");

        Assert.Equal("SnomIPPhoneMenu", page.Root.Name.LocalName);
        Assert.Equal("Status wählen", page.Title);
        Assert.Equal(
            [
                ("Verfügbar", false, "http://localhost/snom/set?ext=201&status=available"),
                ("Abwesend", false, "http://localhost/snom/set?ext=201&status=away"),
                ("» Nicht stören", true, "http://localhost/snom/set?ext=201&status=dnd"),
                ("Zu Tisch", false, "http://localhost/snom/set?ext=201&status=lunch"),
                ("Geschäftsreise", false, "http://localhost/snom/set?ext=201&status=business-trip"),
                ("Kurzzeit-Status …", false, "http://localhost/snom/short?ext=201"),
                ("Umleitungen …", false, "http://localhost/snom/forwarding?ext=201"),
                ("Kollegen …", false, "http://localhost/snom/colleagues?ext=201"),
                ("Warteschlange anmelden", false, "http://localhost/snom/queue?ext=201&login=1"),
            ],
            page.MenuItems);
        Assert.Equal("http://localhost/snom/status?ext=201", page.SoftKeys["F4"].Url);
    }

    [Theory]
    [InlineData("available", PresenceStatus.Available, "Verfügbar")]
    [InlineData("away", PresenceStatus.Away, "Abwesend")]
    [InlineData("dnd", PresenceStatus.Dnd, "Nicht stören")]
    [InlineData("lunch", PresenceStatus.Lunch, "Zu Tisch")]
    [InlineData("business-trip", PresenceStatus.BusinessTrip, "Geschäftsreise")]
    public async Task MenuItem_Followed_AppliesStatusAndShowsStatusScreen(string id, PresenceStatus expected, string label)
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        var menu = await PhonePage.GetAsync(phone, "/snom/menu?ext=201");
        var item = menu.MenuItems.Single(i => i.Url.EndsWith("status=" + id, StringComparison.Ordinal));

        var page = await PhonePage.GetAsync(phone, PhonePage.PathOf(item.Url) + "&mac=000413A11FA7");

        Assert.Equal("SnomIPPhoneText", page.Root.Name.LocalName);
        Assert.Equal(label, page.Lines[0]);
        Assert.Equal(expected == PresenceStatus.Dnd ? "DND aus" : "DND an", page.SoftKeys["F2"].Label);
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(expected, state!.Status);
        Assert.Equal(ChangeSource.Phone, state.Source);
        Assert.Equal(expected == PresenceStatus.Dnd ? 2 : 3, state.Version);
    }

    [Fact]
    public async Task SoftKeyDnd_FromStatusScreen_TogglesBothWays()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");
        var status = await PhonePage.GetAsync(phone, "/snom/status?ext=201");

        var afterOn = await PhonePage.GetAsync(phone, PhonePage.PathOf(status.SoftKeys["F2"].Url));
        var afterOff = await PhonePage.GetAsync(phone, PhonePage.PathOf(afterOn.SoftKeys["F2"].Url));

        Assert.Equal("Nicht stören", afterOn.Lines[0]);
        Assert.Equal("Verfügbar", afterOff.Lines[0]);
        Assert.Equal(PresenceStatus.Available, (await app.GetStoredStateAsync("201"))!.Status);
    }

    [Theory]
    [InlineData("/snom/set?ext=201&status=holiday", "Unbekannter Status \"holiday\".")]
    [InlineData("/snom/set?ext=201", "Unbekannter Status \"\".")]
    [InlineData("/snom/set?ext=201&status=<b>", "Unbekannter Status \"<b>\".")]
    [InlineData("/snom/status?ext=777", "Nebenstelle 777 ist nicht eingerichtet. DND-Taste drücken oder Administrator fragen.")]
    [InlineData("/snom/menu?ext=777", "Nebenstelle 777 ist nicht eingerichtet. DND-Taste drücken oder Administrator fragen.")]
    [InlineData("/snom/status?ext=20%261", "Ungültige Nebenstelle \"20&1\": nur Ziffern, höchstens 16.")]
    [InlineData("/snom/menu", "Die Anfrage nennt keine Nebenstelle (ext). Bitte Action-URL prüfen.")]
    public async Task PhonePage_BadInput_ShowsReadableErrorAndChangesNothing(string url, string message)
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        var page = await PhonePage.GetAsync(phone, url);

        Assert.Equal("Fehler", page.Title);
        Assert.Equal([message], page.Lines);
        Assert.Equal(2, (await app.GetStoredStateAsync("201"))!.Version);
        Assert.Null(await app.GetStoredStateAsync("777"));
    }

    [Fact]
    public async Task PhonePage_StoreFails_ShowsServiceErrorScreenNotAStackTrace()
    {
        await using var app = new SnomPresenceApp
        {
            ConfigureServices = services => services.Replace(ServiceDescriptor.Singleton<IPresenceStore, FailingStore>()),
        };
        using var phone = app.CreatePhoneClient();

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201");
        var action = await PhonePage.GetAsync(phone, "/snom/action/dnd-on?ext=201");

        Assert.Equal(["Dienst vorübergehend gestört. Bitte später erneut versuchen."], page.Lines);
        Assert.Equal(page.Lines, action.Lines);
        await app.Logs.WaitForAsync(e => e.Exception is IOException && e.Level == Serilog.Events.LogEventLevel.Error);
    }

    private sealed class FailingStore : IPresenceStore
    {
        public Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken) => throw new IOException("disk I/O error");

        public Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken) => throw new IOException("disk I/O error");

        public Task<bool> TrySaveAsync(PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken) =>
            throw new IOException("disk I/O error");

        public Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken) =>
            throw new IOException("disk I/O error");

        public Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken) =>
            throw new IOException("disk I/O error");

        public Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) => throw new IOException("disk I/O error");

        public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken) =>
            throw new IOException("disk I/O error");

        public Task PingAsync(CancellationToken cancellationToken) => throw new IOException("disk I/O error");
    }
}
