using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

public class ForwardingMenuTests
{
    [Fact]
    public async Task Forwarding_MenuPath_DndExternalToMobile_IsStoredAndShown()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        var main = await PhonePage.GetAsync(phone, "/snom/menu?ext=201");
        var statuses = await PhonePage.GetAsync(phone, PhonePage.PathOf(main.MenuItems.Single(i => i.Name == "Umleitungen …").Url));
        var slots = await PhonePage.GetAsync(phone, PhonePage.PathOf(statuses.MenuItems.Single(i => i.Name == "Nicht stören").Url));
        var kinds = await PhonePage.GetAsync(phone, PhonePage.PathOf(slots.MenuItems.Single(i => i.Name == "Extern: Mailbox").Url));
        var input = await PhonePage.GetAsync(phone, PhonePage.PathOf(kinds.MenuItems.Single(i => i.Name == "Externe Nummer …").Url));
        var token = input.Root.Element("InputItem")!.Element("InputToken")!.Value;
        var after = await PhonePage.GetAsync(phone, PhonePage.PathOf(input.Root.Element("Url")!.Value.Replace(token, "%2B4917012345678", StringComparison.Ordinal)));
        var status = await PhonePage.GetAsync(phone, "/snom/status?ext=201");

        Assert.Equal("Umleitung: Nicht stören", slots.Title);
        Assert.Equal(["Intern: Besetztzeichen", "Extern: Mailbox"], slots.MenuItems.Select(i => i.Name));
        Assert.Equal(
            [("» Mailbox", true), ("Nebenstelle …", false), ("Mailbox Kollege …", false), ("Externe Nummer …", false), ("Besetztzeichen", false)],
            kinds.MenuItems.Select(i => (i.Name, i.Selected)));
        Assert.Equal("t", input.Root.Element("InputItem")!.Element("InputFlags")!.Value);
        Assert.Equal(["Intern: Besetztzeichen", "Extern: +4917012345678"], after.MenuItems.Select(i => i.Name));
        Assert.Equal("Extern: +4917012345678", status.Lines[2]);
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(ForwardingKind.External, state!.Forwarding.Get(PresenceStatus.Dnd, ForwardingSlot.External).Kind);
        Assert.Equal((ChangeKind.Forwarding, ChangeSource.Phone), ((await app.GetHistoryAsync("201"))[0].Kind, (await app.GetHistoryAsync("201"))[0].Source));
    }

    /// <summary>The input page for DND's external target, reached the way the phone gets there.</summary>
    private static async Task<(string Url, string Token)> ExternalNumberInputAsync(HttpClient phone)
    {
        var kinds = await PhonePage.GetAsync(phone, "/snom/forwarding/target?ext=201&status=dnd&slot=external");
        var input = await PhonePage.GetAsync(phone, PhonePage.PathOf(kinds.MenuItems.Single(i => i.Name == "Externe Nummer …").Url));
        return (input.Root.Element("Url")!.Value, input.Root.Element("InputItem")!.Element("InputToken")!.Value);
    }

    [Fact]
    public async Task Forwarding_TypedNumberWithLeadingPlus_AsThePhoneSendsIt_IsStoredWithThePlus()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        var (url, token) = await ExternalNumberInputAsync(phone);

        // The phone substitutes what was typed as it is: a raw '+', which form decoding would turn into a space.
        var after = await PhonePage.GetAsync(phone, PhonePage.PathOf(url.Replace(token, "+4917012345678", StringComparison.Ordinal)));

        Assert.Equal("Extern: +4917012345678", after.MenuItems[1].Name);
        var external = (await app.GetStoredStateAsync("201"))!.Forwarding.Get(PresenceStatus.Dnd, ForwardingSlot.External);
        Assert.Equal((ForwardingKind.External, "+4917012345678"), (external.Kind, external.Number));
    }

    [Fact]
    public async Task Forwarding_TypedNumberWithHash_IsRefusedReadablyAndNothingIsStored()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        var (url, token) = await ExternalNumberInputAsync(phone);
        var before = (await app.GetStoredStateAsync("201"))!;

        // A raw '#' starts the URL's fragment: the phone's HTTP client sends only what stands before it.
        var page = await PhonePage.GetAsync(phone, PhonePage.PathOf(url.Replace(token, "0301234#5", StringComparison.Ordinal)));

        Assert.Equal("Fehler", page.Title);
        Assert.Equal("Die Eingabe \"0301234#\" wurde bei # abgeschnitten: # ist in Rufnummern nicht möglich.", page.Lines[0]);
        Assert.Equal(before.Version, (await app.GetStoredStateAsync("201"))!.Version);
    }

    [Fact]
    public async Task Forwarding_TypedNumberWithStar_IsRefusedReadablyNamingIt()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        var (url, token) = await ExternalNumberInputAsync(phone);
        var before = (await app.GetStoredStateAsync("201"))!;

        var page = await PhonePage.GetAsync(phone, PhonePage.PathOf(url.Replace(token, "*2130", StringComparison.Ordinal)));

        Assert.Equal("Ungültige Rufnummer \"*2130\": Ziffern, vorne ein + erlaubt, 3 bis 20 Ziffern.", page.Lines[0]);
        Assert.Equal(before.Version, (await app.GetStoredStateAsync("201"))!.Version);
    }

    [Fact]
    public async Task Forwarding_Available_HasSixSlots_AndTakesAColleague()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");

        var slots = await PhonePage.GetAsync(phone, "/snom/forwarding?ext=201&status=available");
        var after = await PhonePage.GetAsync(phone, "/snom/forwarding/set?ext=201&status=available&slot=busy-internal&kind=extension&number=202");
        var busy = await PhonePage.GetAsync(phone, "/snom/forwarding/set?ext=201&status=available&slot=no-answer-external&kind=busy");

        Assert.Equal(
            ["K. Antwort intern: Mailbox", "K. Antwort extern: Mailbox", "Besetzt intern: Mailbox", "Besetzt extern: Mailbox", "Offline intern: Mailbox", "Offline extern: Mailbox"],
            slots.MenuItems.Select(i => i.Name));
        Assert.Equal("Besetzt intern: Nebenstelle 202", after.MenuItems[2].Name);
        Assert.Equal("K. Antwort extern: Besetztzeichen", busy.MenuItems[1].Name);
        var forwarding = (await app.GetStoredStateAsync("201"))!.Forwarding;
        Assert.Equal(ForwardingTarget.ToExtension(Extension.Parse("202")), forwarding.Get(PresenceStatus.Available, ForwardingSlot.BusyInternal));
        Assert.Equal(ForwardingTarget.BusySignal, forwarding.Get(PresenceStatus.Available, ForwardingSlot.NoAnswerExternal));
    }

    [Fact]
    public async Task Forwarding_InputPage_OffersTheCurrentNumber()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201");
        await phone.GetAsync("/snom/forwarding/set?ext=201&status=away&slot=internal&kind=colleague-voicemail&number=203");

        var input = await PhonePage.GetAsync(phone, "/snom/forwarding/input?ext=201&status=away&slot=internal&kind=colleague-voicemail");

        Assert.Equal("203", input.Root.Element("InputItem")!.Element("DefaultValue")!.Value);
        Assert.Equal("n", input.Root.Element("InputItem")!.Element("InputFlags")!.Value);
        Assert.Equal("Nebenstelle", input.Root.Element("InputItem")!.Element("DisplayName")!.Value);
    }

    [Theory]
    [InlineData("/snom/forwarding/set?ext=201&status=dnd&slot=internal&kind=external&number=0170%20123", "Ungültige Rufnummer \"0170 123\": Ziffern, vorne ein + erlaubt, 3 bis 20 Ziffern.")]
    [InlineData("/snom/forwarding/set?ext=201&status=dnd&slot=internal&kind=external&number=12", "Ungültige Rufnummer \"12\": Ziffern, vorne ein + erlaubt, 3 bis 20 Ziffern.")]
    [InlineData("/snom/forwarding/set?ext=201&status=dnd&slot=internal&kind=external&number=__NUMBER__", "Ungültige Rufnummer \"__NUMBER__\": Ziffern, vorne ein + erlaubt, 3 bis 20 Ziffern.")]
    [InlineData("/snom/forwarding/set?ext=201&status=dnd&slot=external&kind=extension&number=", "Ungültige Nebenstelle \"\": nur Ziffern, höchstens 16.")]
    [InlineData("/snom/forwarding/set?ext=201&status=dnd&slot=external&kind=extension&number=2a2", "Ungültige Nebenstelle \"2a2\": nur Ziffern, höchstens 16.")]
    [InlineData("/snom/forwarding/set?ext=201&status=dnd&slot=busy-internal&kind=busy", "Ungültige Auswahl \"dnd/busy-internal/bu…\".")]
    [InlineData("/snom/forwarding/set?ext=201&status=available&slot=internal&kind=busy", "Ungültige Auswahl \"available/internal/b…\".")]
    [InlineData("/snom/forwarding/set?ext=201&status=dnd&slot=internal&kind=mobile", "Ungültige Auswahl \"dnd/internal/mobile\".")]
    [InlineData("/snom/forwarding/set?ext=201&status=dnd&slot=internal&kind=none", "Ungültige Auswahl \"dnd/internal/none\".")]
    [InlineData("/snom/forwarding/set?ext=201&status=dnd&slot=internal&kind=queue&number=800", "Ungültige Auswahl \"dnd/internal/queue\".")]
    [InlineData("/snom/forwarding/target?ext=201&status=holiday&slot=internal", "Ungültige Auswahl \"holiday/internal\".")]
    [InlineData("/snom/forwarding/input?ext=201&status=dnd&slot=internal&kind=busy", "Ungültige Auswahl \"dnd/internal/busy\".")]
    [InlineData("/snom/forwarding?ext=201&status=holiday", "Unbekannter Status \"holiday\".")]
    [InlineData("/snom/forwarding?ext=777", "Nebenstelle 777 ist nicht eingerichtet. DND-Taste drücken oder Administrator fragen.")]
    [InlineData("/snom/forwarding/set?ext=777&status=dnd&slot=internal&kind=busy", "Nebenstelle 777 ist nicht eingerichtet. DND-Taste drücken oder Administrator fragen.")]
    public async Task Forwarding_BadInput_ShowsReadableErrorAndChangesNothing(string url, string message)
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        var before = await app.GetStoredStateAsync("201");

        var page = await PhonePage.GetAsync(phone, url);

        Assert.Equal("Fehler", page.Title);
        Assert.Equal([message], page.Lines);
        Assert.Equal(before, await app.GetStoredStateAsync("201"));
        Assert.Null(await app.GetStoredStateAsync("777"));
    }

    [Theory]
    [InlineData("09001234567")]
    [InlineData("%2B4918051234")]
    public async Task BlockedNumber_TypedOnThePhone_GetsAScreenSayingSo_AndChangesNothing(string number)
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        var before = await app.GetStoredStateAsync("201");
        using var phone = app.CreatePhoneClient();

        var page = await PhonePage.GetAsync(phone, $"/snom/forwarding/set?ext=201&status=away&slot=external&kind=external&number={number}");

        Assert.Contains("nicht erlaubt", string.Join(" ", page.Lines), StringComparison.Ordinal);
        Assert.Equal(before, await app.GetStoredStateAsync("201"));
    }

    [Fact]
    public async Task BlockedPrefixes_SetEmpty_AllowsThemAgain()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Forwarding:BlockedPrefixes:0"] = string.Empty;
        await app.CreateExtensionAsync("201");
        using var phone = app.CreatePhoneClient();

        await phone.GetAsync("/snom/forwarding/set?ext=201&status=away&slot=external&kind=external&number=09001234567");

        Assert.Equal("09001234567", (await app.GetStoredStateAsync("201"))!.Forwarding.Get(SnomPresence.Presence.PresenceStatus.Away, SnomPresence.Presence.ForwardingSlot.External).Number);
    }
}
