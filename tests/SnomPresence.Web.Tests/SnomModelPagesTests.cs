using System.Net;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

/// <summary>
/// Phone pages on real Snom models. The expected numbers here are Snom's documentation as docs/snom.md quotes it,
/// written down independently of the service's model table, so a wrong table entry fails a test.
/// </summary>
public sealed class SnomModelPagesTests
{
    private const string Mac = "000413A11FA7";

    /// <summary>
    /// The LED of the Status key (fkey idx 1, P2) per model: the first line-key LED is 1 on the D120, 2 on every
    /// D3xx and 5 on the D7xx (service.snom.com XML-Minibrowser-Led); 1 on the D713 and 5 on the D862/D865
    /// (symcon/Snom deviceProperties.php). The key with idx N has that LED + N.
    /// </summary>
    public static TheoryData<string, int> StatusKeyLeds => new()
    {
        { "D120", 2 }, { "D305", 3 }, { "D315", 3 }, { "D335", 3 }, { "D345", 3 }, { "D375", 3 }, { "D385", 3 },
        { "D712", 6 }, { "D713", 2 }, { "D715", 6 }, { "D717", 6 }, { "D725", 6 }, { "D735", 6 }, { "D765", 6 }, { "D785", 6 },
        { "D862", 6 }, { "D865", 6 },
    };

    [Theory]
    [MemberData(nameof(StatusKeyLeds))]
    public async Task Status_DndOnAProvisionedModel_LightsTheStatusKeysLedAndNoOther(string model, int led)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var access = await AddAsync(app, model, "201");
        using var phone = app.CreatePhoneClient();
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/snom/action/dnd-on?ext=201" + access)).StatusCode);

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201" + access);

        var only = Assert.Single(page.Root.Elements("Led"));
        Assert.Equal(led.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)only.Attribute("number"));
        Assert.Equal((led, "red", "on"), page.Led);
    }

    [Theory]
    [InlineData("D140")]
    [InlineData("D150")]
    [InlineData("D815")]
    [InlineData("D895M")]
    public async Task Status_ModelWhoseLedNumberingIsUndocumented_TouchesNoLed(string model)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var access = await AddAsync(app, model, "201");
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201" + access);

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201" + access);

        Assert.Equal("Nicht stören", page.Lines[0]);
        Assert.Empty(page.Root.Elements("Led"));
    }

    [Fact]
    public async Task Status_StatusKeyMovedInTheTemplate_LightsThatKeysLed()
    {
        var folder = Directory.CreateTempSubdirectory("snompresence-templates-").FullName;
        try
        {
            var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "phone-templates", "D7xx.xml"));
            File.WriteAllText(Path.Combine(folder, "D7xx.xml"), shipped.Replace("fkey idx=\"1\"", "fkey idx=\"4\"", StringComparison.Ordinal));
            await using var app = new SnomPresenceApp().WithProvisioning();
            app.Settings["Provisioning:TemplatesPath"] = folder;
            var access = await AddAsync(app, "D785", "201");
            using var phone = app.CreatePhoneClient();
            await phone.GetAsync("/snom/action/dnd-on?ext=201" + access);

            var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201" + access);

            Assert.Equal((9, "red", "on"), page.Led);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Status_LabPhoneNamingItsModelInTheUserAgent_LightsThatModelsStatusKeyLed()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        phone.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Mozilla/4.0 (compatible; snomD385-SIP 10.1.215.13 2010.12-00004-g9ba52f5 000413922D24 SXM:0 UXM:0)");
        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201");

        Assert.Equal((3, "red", "on"), page.Led);
    }

    [Theory]
    [InlineData("D315")]
    [InlineData("D120")]
    [InlineData("D712")]
    public async Task Menu_MonochromeModel_GetsAsciiForCharactersItsFontLacksAndKeepsUmlauts(string model)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var access = await AddAsync(app, model, "201");
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201" + access);

        var menu = await PhonePage.GetAsync(phone, "/snom/menu?ext=201" + access);

        Assert.Contains(menu.MenuItems, i => i.Selected && i.Name == "> Nicht stören");
        Assert.Contains(menu.MenuItems, i => i.Name == "Kurzzeit-Status ...");
        Assert.Contains(menu.MenuItems, i => i.Name == "Umleitungen ...");
        Assert.All(menu.MenuItems, i => Assert.DoesNotContain(i.Name, c => c is '…' or '»'));
    }

    [Fact]
    public async Task Menu_ColourModel_KeepsTypographicCharacters()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var access = await AddAsync(app, "D785", "201");
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201" + access);

        var menu = await PhonePage.GetAsync(phone, "/snom/menu?ext=201" + access);

        Assert.Contains(menu.MenuItems, i => i.Selected && i.Name == "» Nicht stören");
        Assert.Contains(menu.MenuItems, i => i.Name == "Kurzzeit-Status …");
    }

    public static TheoryData<string?, bool> D865Firmwares => new()
    {
        { null, false },
        { "10.1.184.15", false },
        { "10.1.198.19", true },
        { "10.1.215.13", true },
    };

    [Theory]
    [MemberData(nameof(D865Firmwares))]
    public async Task ShortTermAndForwarding_OnD865_OfferTypedInputOnlyFromFirmware10_1_198(string? firmware, bool input)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var access = await AddAsync(app, "D865", "201");
        using var phone = app.CreatePhoneClient();
        if (firmware is not null)
        {
            phone.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"Mozilla/4.0 (compatible; snomD865-SIP {firmware} 000413A11FA7)");
        }

        await phone.GetAsync("/snom/action/dnd-off?ext=201" + access);

        var durations = await PhonePage.GetAsync(phone, "/snom/short?ext=201&status=away" + access);
        var targets = await PhonePage.GetAsync(phone, "/snom/forwarding/target?ext=201&status=away&slot=external" + access);
        var inputPage = await PhonePage.GetAsync(phone, "/snom/short/input?ext=201&status=away" + access);

        Assert.Equal(input, durations.MenuItems.Any(i => i.Name.StartsWith("Minuten eingeben", StringComparison.Ordinal)));
        Assert.Equal(input, targets.MenuItems.Any(i => i.Name.StartsWith("Externe Nummer", StringComparison.Ordinal)));
        Assert.Contains(targets.MenuItems, i => i.Name == "» Mailbox" && i.Selected);
        if (input)
        {
            Assert.Equal("SnomIPPhoneInput", inputPage.Root.Name.LocalName);
        }
        else
        {
            Assert.Equal("SnomIPPhoneText", inputPage.Root.Name.LocalName);
            Assert.Contains("10.1.198", inputPage.Lines[0], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("D785")]
    [InlineData("D385")]
    [InlineData("D120")]
    public async Task ShortTerm_OnD1xxD3xxD7xx_OffersTypedInputWhateverTheFirmware(string model)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var access = await AddAsync(app, model, "201");
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201" + access);

        var durations = await PhonePage.GetAsync(phone, "/snom/short?ext=201&status=away" + access);

        Assert.Contains(durations.MenuItems, i => i.Name.StartsWith("Minuten eingeben", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DndKey_OnAPhoneWithTwoIdentities_ChangesOnlyTheActiveIdentityAndTheListShowsBoth()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var access = await AddAsync(app, "D785", "201", "202");
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-off?ext=201" + access);

        // $active_user is the user part of the identity the phone calls out with: here the second one.
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/snom/action/dnd-on?ext=202" + access)).StatusCode);

        Assert.Equal(PresenceStatus.Available, (await app.GetStoredStateAsync("201"))!.Status);
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("202"))!.Status);
        var list = await PhonePage.GetAsync(phone, "/snom/identities?ext=201" + access);
        Assert.Equal("Nebenstellen", list.Title);
        Assert.Equal(["201: Verfügbar", "202: Nicht stören"], list.MenuItems.Select(i => i.Name));
        var second = await PhonePage.GetAsync(phone, PhonePage.PathOf(list.MenuItems[1].Url));
        Assert.Contains(second.MenuItems, i => i.Selected && i.Name == "» Nicht stören");
        var away = second.MenuItems.Single(i => i.Name == "Abwesend");
        var status = await PhonePage.GetAsync(phone, PhonePage.PathOf(away.Url));
        Assert.Equal("Nebenstelle 202", status.Title);
        Assert.Equal(PresenceStatus.Away, (await app.GetStoredStateAsync("202"))!.Status);
        Assert.Equal(PresenceStatus.Available, (await app.GetStoredStateAsync("201"))!.Status);
        Assert.EndsWith("/snom/identities?ext=201" + access, status.SoftKeys["F3"].Url, StringComparison.Ordinal);
        Assert.Equal((6, null, "off"), status.Led);
    }

    [Fact]
    public async Task Identities_ExtensionOfAnotherPhone_IsRefused()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var access = await AddAsync(app, "D785", "201", "202");

        using var phone = app.CreatePhoneClient();
        var response = await phone.GetAsync("/snom/identities?ext=203" + access);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<string> AddAsync(SnomPresenceApp app, string model, params string[] extensions)
    {
        var token = await app.AddPhoneAsync(Mac, model, extensions);
        return $"&mac={Mac}&token={token}";
    }
}
