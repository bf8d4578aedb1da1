using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.Colleagues;

public class ColleaguePagesTests
{
    private const string D385 = "Mozilla/4.0 (compatible; snomD385-SIP 10.1.215.13 2010.12-00004-g9ba52f5 000413922D24 SXM:0 UXM:0)";
    private const string D305 = "Mozilla/4.0 (compatible; snomD305-SIP 10.1.215.13 2010.12-00004-g9ba52f5 000413922D25 SXM:0 UXM:0)";

    [Fact]
    public async Task Menu_HasKollegenItem_LeadingToOwnGroupsFirstThenOthersThenAlle()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await NamedAsync(app, ("201", "Ich, Selbst"), ("202", "Müller, Anna"), ("301", "Zander, Zoe"));
        await GroupAsync(app, "aa-lager", "Lager", "301");
        await GroupAsync(app, "vertrieb", "Vertrieb", "201", "202");

        var menu = await PhonePage.GetAsync(phone, "/snom/menu?ext=201");
        var item = menu.MenuItems.Single(i => i.Name == "Kollegen …");
        var groups = await PhonePage.GetAsync(phone, PhonePage.PathOf(item.Url));

        Assert.Equal("Kollegen", groups.Title);
        Assert.Equal(["Vertrieb", "Lager", "Alle"], groups.MenuItems.Select(i => i.Name));
        Assert.EndsWith("/snom/colleagues/list?ext=201&group=vertrieb", groups.MenuItems[0].Url, StringComparison.Ordinal);
        Assert.EndsWith("/snom/colleagues/list?ext=201", groups.MenuItems[2].Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_IsADirectorySortedByName_WithoutTheCaller_TelephoneIsTheExtension_AndRefreshes()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await NamedAsync(app, ("201", "Ich, Selbst"), ("202", "Zander, Zoe"), ("203", "Müller, Anna"), ("204", "Özdemir, Ali"), ("205", "Meier, Jan"));
        await app.SetStatusAsync("203", "lunch");

        var page = await PhonePage.GetAsync(phone, "/snom/colleagues/list?ext=201");

        Assert.Equal("SnomIPPhoneDirectory", page.Root.Name.LocalName);
        Assert.Equal("Alle", page.Title);
        Assert.Equal(
            [("Meier, Jan · Verfügbar", "205"), ("Müller, Anna · Zu Tisch", "203"), ("Özdemir, Ali · Verfügbar", "204"), ("Zander, Zoe · Verfügbar", "202")],
            Entries(page));
        Assert.Equal((30_000, "http://localhost/snom/colleagues/list?ext=201"), page.Fetch);
        Assert.Equal("http://localhost/snom/colleagues/pick?ext=201", page.SoftKeys["F4"].Url);
        Assert.Equal("http://localhost/snom/colleagues?ext=201", page.SoftKeys["F1"].Url);
        Assert.False(page.SoftKeys.ContainsKey("F2"));
    }

    [Fact]
    public async Task List_OnANarrowDisplay_ShowsTheShortForm()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        phone.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", D305);
        await NamedAsync(app, ("201", "Ich"), ("202", "Schmidt-Wagenknecht, Anna"));
        await app.SetStatusAsync("202", "business-trip", TimeProvider.System.GetUtcNow().AddHours(2));

        var page = await PhonePage.GetAsync(phone, "/snom/colleagues/list?ext=201");

        var (name, telephone) = Assert.Single(Entries(page));
        Assert.Equal(("Schmidt-Wage... Geschäftsreise", "202"), (name, telephone));
    }

    [Fact]
    public async Task List_LongerThanAPage_PagesWithWeiterAndZurueck()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Colleagues:PageSize"] = "5";
        using var phone = app.CreatePhoneClient();
        await NamedAsync(app, [("200", "Ich"), .. Enumerable.Range(1, 12).Select(i => ($"{300 + i}", $"Kollege {i:00}"))]);

        var first = await PhonePage.GetAsync(phone, "/snom/colleagues/list?ext=200");
        var second = await PhonePage.GetAsync(phone, PhonePage.PathOf(first.SoftKeys["F2"].Url));
        var third = await PhonePage.GetAsync(phone, PhonePage.PathOf(second.SoftKeys["F2"].Url));
        var back = await PhonePage.GetAsync(phone, PhonePage.PathOf(third.SoftKeys["F1"].Url));

        Assert.Equal(("Alle (1/3)", "Weiter"), (first.Title, first.SoftKeys["F2"].Label));
        Assert.Equal(["301", "302", "303", "304", "305"], Entries(first).Select(e => e.Telephone));
        Assert.Equal(["306", "307", "308", "309", "310"], Entries(second).Select(e => e.Telephone));
        Assert.Equal(["311", "312"], Entries(third).Select(e => e.Telephone));
        Assert.Equal("Zurück", third.SoftKeys["F1"].Label);
        Assert.False(third.SoftKeys.ContainsKey("F2"));
        Assert.Equal(Entries(second), Entries(back));
    }

    [Fact]
    public async Task Search_TypedLetters_FindsByNameIgnoringCaseAndAccents()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await NamedAsync(app, ("201", "Ich"), ("202", "Müller, Anna"), ("203", "Mueller, Bernd"), ("204", "Schmidt, Jörg"));
        var list = await PhonePage.GetAsync(phone, "/snom/colleagues/list?ext=201");

        var input = await PhonePage.GetAsync(phone, PhonePage.PathOf(list.SoftKeys["F3"].Url));
        var token = input.Root.Element("InputItem")!.Element("InputToken")!.Value;
        var url = input.Root.Element("Url")!.Value.Replace(token, "MULL", StringComparison.Ordinal);
        var found = await PhonePage.GetAsync(phone, PhonePage.PathOf(url));

        Assert.Equal("SnomIPPhoneInput", input.Root.Name.LocalName);
        Assert.Equal("a", input.Root.Element("InputItem")!.Element("InputFlags")!.Value);
        Assert.Equal("Suche: MULL", found.Title);
        Assert.Equal([("Müller, Anna · Verfügbar", "202")], Entries(found));
        Assert.EndsWith("q=MULL", found.Fetch!.Value.Url, StringComparison.Ordinal);
        var spelt = await PhonePage.GetAsync(phone, "/snom/colleagues/list?ext=201&q=mueller");
        // German dictionary order (DIN 5007-1) reads ü as u: Mueller before Müller.
        Assert.Equal(["203", "202"], Entries(spelt).Select(e => e.Telephone));
    }

    [Theory]
    [InlineData("/snom/colleagues/list?ext=201&q=%3Cb%3E", "Ungültige Suche \"<b>\": nur Buchstaben, Ziffern, Leerzeichen, - . , ' (1 bis 32 Zeichen).")]
    [InlineData("/snom/colleagues/list?ext=201&group=nope", "Gruppe \"nope\" gibt es nicht (mehr).")]
    [InlineData("/snom/colleagues/list?ext=201&group=%3Cx%3E", "Gruppe \"<x>\" gibt es nicht (mehr).")]
    [InlineData("/snom/colleagues/list?ext=201&page=0", "Ungültige Auswahl \"0\".")]
    [InlineData("/snom/colleagues/detail?ext=201&colleague=999", "Nebenstelle 999 ist nicht eingerichtet.")]
    [InlineData("/snom/colleagues/favourite?ext=201&colleague=abc&on=1", "Nebenstelle abc ist nicht eingerichtet.")]
    public async Task BadInput_GetsAReadableErrorScreen_AndChangesNothing(string url, string message)
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await NamedAsync(app, ("201", "Ich"), ("202", "Müller, Anna"));

        var page = await PhonePage.GetAsync(phone, url);

        Assert.Equal(("Fehler", message), (page.Title, Assert.Single(page.Lines)));
        Assert.Empty(await app.Services.GetRequiredService<IColleagueStore>().GetFavouritesAsync(Extension.Parse("201"), default));
    }

    [Fact]
    public async Task Detail_ShowsStatusSinceUntil_NotForwardingByDefault_AndTheFavouriteKeyMarksAndListsFirst()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await NamedAsync(app, ("201", "Ich"), ("202", "Albers, Tom"), ("203", "Zander, Zoe"));
        await app.SetStatusAsync("203", "dnd");
        var pick = await PhonePage.GetAsync(phone, "/snom/colleagues/pick?ext=201");
        var zoe = pick.MenuItems.Single(i => i.Name.StartsWith("Zander", StringComparison.Ordinal));

        var detail = await PhonePage.GetAsync(phone, PhonePage.PathOf(zoe.Url));
        var marked = await PhonePage.GetAsync(phone, PhonePage.PathOf(detail.SoftKeys["F2"].Url));
        var list = await PhonePage.GetAsync(phone, "/snom/colleagues/list?ext=201");

        Assert.Equal("Zander, Zoe", detail.Title);
        Assert.Equal("Nebenstelle 203", detail.Lines[0]);
        Assert.Equal("Nicht stören", detail.Lines[1]);
        Assert.StartsWith("seit ", detail.Lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(detail.Lines, l => l.StartsWith("Intern", StringComparison.Ordinal));
        Assert.Equal(("Anrufen", "snom://mb_nop#numberdial=203"), detail.SoftKeys["F1"]);
        Assert.Equal("Favorit +", detail.SoftKeys["F2"].Label);
        Assert.Equal("Favorit -", marked.SoftKeys["F2"].Label);
        Assert.Equal([Extension.Parse("203")], await app.Services.GetRequiredService<IColleagueStore>().GetFavouritesAsync(Extension.Parse("201"), default));
        Assert.Equal(["* Zander, Zoe · Nicht stören", "Albers, Tom · Verfügbar"], Entries(list).Select(e => e.Name));
    }

    [Fact]
    public async Task Detail_WithShowForwarding_SaysWhereCallsGo()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Colleagues:ShowForwarding"] = "true";
        using var phone = app.CreatePhoneClient();
        await NamedAsync(app, ("201", "Ich"), ("202", "Albers, Tom"));
        await app.SetStatusAsync("202", "dnd");

        var detail = await PhonePage.GetAsync(phone, "/snom/colleagues/detail?ext=201&colleague=202");

        Assert.Contains(detail.Lines, l => l.StartsWith("Intern: ", StringComparison.Ordinal));
        Assert.Contains(detail.Lines, l => l.StartsWith("Extern: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenList_AfterAColleaguesChange_ShowsItWithTheNextRefresh()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await NamedAsync(app, ("201", "Ich"), ("202", "Albers, Tom"));
        var before = await PhonePage.GetAsync(phone, "/snom/colleagues/list?ext=201");

        await app.SetStatusAsync("202", "away");

        await SnomPresenceApp.EventuallyAsync(
            async () => Entries(await PhonePage.GetAsync(phone, PhonePage.PathOf(before.Fetch!.Value.Url)))[0].Name == "Albers, Tom · Abwesend",
            "the refreshed list shows Abwesend");
        Assert.Equal("Albers, Tom · Verfügbar", Entries(before)[0].Name);
    }

    [Fact]
    public async Task FavouritesApi_ReadsAndReplaces_AndRefusesUnknownOrOwnExtension()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        await NamedAsync(app, ("201", "Ich"), ("202", "Albers, Tom"), ("203", "Zander, Zoe"));

        var put = await admin.PutAsJsonAsync("/api/extensions/201/favourites", new { favourites = new[] { "203", "202" } });
        var bad = await admin.PutAsJsonAsync("/api/extensions/201/favourites", new { favourites = new[] { "201", "999", "x" } });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var read = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/201/favourites");
        Assert.Equal(["203", "202"], read.GetProperty("favourites").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["favourites[0]", "favourites[1]", "favourites[2]"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal([Extension.Parse("203"), Extension.Parse("202")], await app.Services.GetRequiredService<IColleagueStore>().GetFavouritesAsync(Extension.Parse("201"), default));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/extensions/777/favourites")).StatusCode);
    }

    private static IReadOnlyList<(string Name, string Telephone)> Entries(PhonePage page) =>
        [.. page.Root.Elements("DirectoryEntry").Select(e => (e.Element("Name")!.Value, e.Element("Telephone")!.Value))];

    private static async Task NamedAsync(SnomPresenceApp app, params (string Ext, string Name)[] people)
    {
        using var admin = app.CreateAdminClient();
        foreach (var (ext, name) in people)
        {
            (await admin.PutAsJsonAsync($"/api/extensions/{ext}", new { displayName = name })).EnsureSuccessStatusCode();
        }
    }

    private static async Task GroupAsync(SnomPresenceApp app, string id, string name, params string[] members)
    {
        using var admin = app.CreateAdminClient();
        (await admin.PutAsJsonAsync($"/api/groups/{id}", new { name, members })).EnsureSuccessStatusCode();
    }
}
