using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.Provisioning;

public sealed class ProvisioningTests
{
    private const string Mac = "000413A11FA7";
    private const string File = $"/provisioning/snomD785-{Mac}.htm";

    [Fact]
    public async Task PhoneFile_WithCredentials_IsThePhonesSettingsCarryingItsToken()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync("00:04:13:a1:1f:a7", "D785", "201", "202");
        using var phone = app.CreateProvisioningClient();

        var response = await phone.GetAsync(File);
        var settings = await ProvisionedSettings.ReadAsync(response);

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var dndOn = settings.Setting("action_dnd_on_url")!;
        Assert.StartsWith($"{SnomPresenceApp.PublicBaseUrl}/snom/action/dnd-on?", dndOn, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string> { ["ext"] = "$active_user", ["mac"] = Mac, ["token"] = token },
            ProvisionedSettings.Query(dndOn));
        Assert.Equal($"{SnomPresenceApp.PublicBaseUrl}/provisioning/", settings.Setting("setting_server"));
        // The phone's own login, not the shared enrollment login it fetched the file with.
        Assert.Equal(Mac, settings.Setting("http_client_user"));
        Assert.Equal(new SnomPresence.Provisioning.ProvisioningLogins(SnomPresenceApp.ProvisioningLoginSecret).Password(MacAddress.Parse(Mac)), settings.Setting("http_client_pass"));
        Assert.Equal("presence.example.de", settings.Setting("mb_trusted_hosts"));
        Assert.Equal("R", settings.Perm("action_dnd_on_url"));
        Assert.Equal(token, ProvisionedSettings.Query(settings.KeyUrl("Status")!)["token"]);
        Assert.StartsWith($"{SnomPresenceApp.PublicBaseUrl}/snom/identities?", settings.KeyUrl("Status"), StringComparison.Ordinal);
        Assert.Null(settings.Setting("user_xml_screen_url", idx: 1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic cHJvdjp3cm9uZy1wYXNzd29yZA==")]
    [InlineData("Basic not-base64!")]
    [InlineData("Bearer cHJvdjpwcm92LXNlY3JldC0wMTIz")]
    public async Task PhoneFile_WithoutTheCredentials_Is401WithABasicChallenge(string? authorization)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        await app.AddPhoneAsync(Mac, "D785", "201");
        using var client = app.CreatePhoneClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, File);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneFile_WithoutConfiguredCredentials_IsNotServedAndStartupSaysHowToEnableIt()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Snom:PublicBaseUrl"] = SnomPresenceApp.PublicBaseUrl;
        await app.AddPhoneAsync(Mac, "D785", "201");
        using var client = app.CreateProvisioningClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(File)).StatusCode);
        await app.Logs.WaitForAsync(e => e.EventId() == 6006);
    }

    [Fact]
    public async Task PhoneFile_ForAMacNotInTheInventory_Is404AndLogged()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var client = app.CreateProvisioningClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/provisioning/snomD785-000413FFFFFF.htm")).StatusCode);

        var logged = await app.Logs.WaitForAsync(e => e.EventId() == 6002);
        Assert.Equal("000413FFFFFF", LogCapture.Scalar(logged, "PhoneMac"));
    }

    [Theory]
    [InlineData("/provisioning/settings.xml")]
    [InlineData("/provisioning/snomX100.htm")]
    [InlineData("/provisioning/snomD785-00041.htm")]
    [InlineData("/provisioning/snomD999.htm")]
    public async Task OtherFileNames_Are404(string path)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var client = app.CreateProvisioningClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ModelFile_WithoutAKnownMacInTheUserAgent_IsEmptySettingsSoThePhoneAsksForItsOwnFile()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        await app.AddPhoneAsync(Mac, "D785", "201");
        using var client = app.CreateProvisioningClient("Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 2010.12-00004-g9ba52f5 000413FFFFFF SXM:0 UXM:0)");

        var settings = await ProvisionedSettings.ReadAsync(await client.GetAsync("/provisioning/snomD785.htm"));

        Assert.Equal("settings", settings.Document.Root!.Name.LocalName);
        Assert.False(settings.Document.Root.HasElements);
    }

    [Fact]
    public async Task ModelFile_WithTheMacInTheUserAgent_IsThatPhonesSettings()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync(Mac, "D785", "201");
        using var client = app.CreateProvisioningClient($"Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 2010.12-00004-g9ba52f5 {Mac} SXM:0 UXM:0)");

        var settings = await ProvisionedSettings.ReadAsync(await client.GetAsync("/provisioning/snomD785.htm"));

        Assert.Equal(token, ProvisionedSettings.Query(settings.Setting("action_dnd_off_url")!)["token"]);
    }

    [Fact]
    public async Task PhoneFile_AskedAsAnotherModel_RendersThatModelsTemplateAndLogsTheMismatch()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync(Mac, "D385", "201");
        using var client = app.CreateProvisioningClient();

        var settings = await ProvisionedSettings.ReadAsync(await client.GetAsync($"/provisioning/snomD785-{Mac}.htm"));

        // The D785 has SmartLabel keys, the D385 has not; and it is still this phone's file, with its token.
        Assert.Equal("Status", (string?)settings.Document.Root!.Element("functionKeys")!.Element("fkey")!.Attribute("short_label"));
        Assert.Equal(token, ProvisionedSettings.Query(settings.Setting("action_dnd_on_url")!)["token"]);
        var logged = await app.Logs.WaitForAsync(e => e.EventId() == 6004);
        Assert.Equal("D385", LogCapture.Scalar(logged, "InventoryModel"));
    }

    [Fact]
    public async Task RoundTrip_TheActionUrlsAndKeysOfTheServedSettings_WorkOnThePhoneRoutes()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        await app.AddPhoneAsync(Mac, "D785", "201", "202");
        using var provisioning = app.CreateProvisioningClient();
        var settings = await ProvisionedSettings.ReadAsync(await provisioning.GetAsync(File));
        using var phone = app.CreatePhoneClient();

        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync(ProvisionedSettings.AsCalled(settings.Setting("action_setup_url")!))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync(ProvisionedSettings.AsCalled(settings.Setting("action_dnd_on_url")!, "202"))).StatusCode);
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("202"))!.Status);
        Assert.Equal(PresenceStatus.Available, (await app.GetStoredStateAsync("201"))!.Status);

        // Two extensions: the Status key lists both with their statuses, each leading to its own menu.
        var identities = await PhonePage.GetAsync(phone, ProvisionedSettings.AsCalled(settings.KeyUrl("Status")!));
        Assert.Equal(["201: Verfügbar", "202: Nicht stören"], identities.MenuItems.Select(i => i.Name));
        var menu = await PhonePage.GetAsync(phone, PhonePage.PathOf(identities.MenuItems[0].Url));
        var lunch = menu.MenuItems.Single(i => i.Name.Contains("Zu Tisch", StringComparison.Ordinal));
        var afterLunch = await PhonePage.GetAsync(phone, PhonePage.PathOf(lunch.Url));
        Assert.Equal(PresenceStatus.Lunch, (await app.GetStoredStateAsync("201"))!.Status);
        Assert.NotNull(afterLunch.Title);

        var status = await PhonePage.GetAsync(phone, PhonePage.PathOf(menu.SoftKeys["F4"].Url));
        Assert.Equal("Zu Tisch", status.Lines[0]);
        Assert.All(status.SoftKeys.Values.Where(k => k.Url.StartsWith("https://", StringComparison.Ordinal)), key => Assert.Contains("&token=", key.Url, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync(ProvisionedSettings.AsCalled(settings.Setting("action_dnd_off_url")!, "202"))).StatusCode);
        Assert.Equal(PresenceStatus.Available, (await app.GetStoredStateAsync("202"))!.Status);
    }

    [Fact]
    public async Task RotatedToken_IsServedAndTheOldOneWorksOnlyDuringTheGracePeriod()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        await using var app = new SnomPresenceApp { Time = time }.WithProvisioning();
        app.Settings["Provisioning:TokenGracePeriod"] = "1.00:00:00";
        var old = await app.AddPhoneAsync(Mac, "D785", "201");
        using var admin = app.CreateAdminClient();
        using var phone = app.CreatePhoneClient();
        using var provisioning = app.CreateProvisioningClient();

        var rotated = await (await admin.PostAsync($"/api/phones/{Mac}/token", null)).Content.ReadFromJsonAsync<JsonElement>();
        var fresh = rotated.GetProperty("token").GetString()!;

        Assert.NotEqual(old, fresh);
        var settings = await ProvisionedSettings.ReadAsync(await provisioning.GetAsync(File));
        Assert.Equal(fresh, ProvisionedSettings.Query(settings.Setting("action_dnd_on_url")!)["token"]);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync($"/snom/status?ext=201&mac={Mac}&token={old}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync($"/snom/status?ext=201&mac={Mac}&token={fresh}")).StatusCode);

        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync($"/snom/status?ext=201&mac={Mac}&token={old}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync($"/snom/status?ext=201&mac={Mac}&token={fresh}")).StatusCode);
    }

    [Fact]
    public async Task RotatedTokenImmediately_TheOldOneStopsAtOnce()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var old = await app.AddPhoneAsync(Mac, "D785", "201");
        using var admin = app.CreateAdminClient();
        using var phone = app.CreatePhoneClient();

        var rotated = await (await admin.PostAsync($"/api/phones/{Mac}/token?immediately=true", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(rotated.TryGetProperty("previousValidUntil", out var until) && until.ValueKind != JsonValueKind.Null);
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}&token={old}")).StatusCode);
        Assert.Null(await app.GetStoredStateAsync("201"));
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}&token={rotated.GetProperty("token").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task OutputFolder_FollowsEveryInventoryChange()
    {
        var output = Directory.CreateTempSubdirectory("snompresence-out-").FullName;
        try
        {
            await using var app = new SnomPresenceApp().WithProvisioning();
            app.Settings["Provisioning:OutputPath"] = output;
            var path = Path.Combine(output, $"snomD785-{Mac}.htm");
            var token = await app.AddPhoneAsync(Mac, "D785", "201");

            Assert.Equal(token, TokenIn(path));
            Assert.True(System.IO.File.Exists(Path.Combine(output, "snomD785.htm")));

            using var admin = app.CreateAdminClient();
            var rotated = await (await admin.PostAsync($"/api/phones/{Mac}/token", null)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(rotated.GetProperty("token").GetString(), TokenIn(path));

            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/phones/{Mac}")).StatusCode);
            Assert.False(System.IO.File.Exists(path));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }

        static string TokenIn(string path)
        {
            var settings = new ProvisionedSettings(System.Xml.Linq.XDocument.Load(path));
            return ProvisionedSettings.Query(settings.Setting("action_dnd_on_url")!)["token"];
        }
    }

    [Fact]
    public async Task Startup_WithABrokenTemplate_FailsNamingTheKeyFileAndLine()
    {
        var templates = Directory.CreateTempSubdirectory("snompresence-templates-").FullName;
        try
        {
            await System.IO.File.WriteAllTextAsync(
                Path.Combine(templates, "D7xx.xml"),
                "<settings>\n  <phone-settings e=\"2\">\n    <action_dnd_on_url perm=\"R\">{{dnd_on_ulr}}</action_dnd_on_url>\n  </phone-settings>\n</settings>\n");
            await using var app = new SnomPresenceApp();
            app.Settings["Provisioning:TemplatesPath"] = templates;

            var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

            var message = failure.ToString();
            Assert.Contains("Provisioning:TemplatesPath", message, StringComparison.Ordinal);
            Assert.Contains("D7xx.xml line 3", message, StringComparison.Ordinal);
            Assert.Contains("{{dnd_on_ulr}}", message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(templates, recursive: true);
        }
    }
}
