using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace SnomPresence.Web.Tests;

public class StatusPageTests
{
    [Fact]
    public async Task Status_Dnd_ShowsLabelTargetsSoftKeysAndRefresh()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201");

        Assert.Equal("SnomIPPhoneText", page.Root.Name.LocalName);
        Assert.Equal("Nebenstelle 201", page.Title);
        Assert.Equal("Nicht stören", page.Lines[0]);
        Assert.Equal("Intern: Besetztzeichen", page.Lines[1]);
        Assert.Equal("Extern: Mailbox", page.Lines[2]);
        Assert.StartsWith("seit ", page.Lines[3], StringComparison.Ordinal);
        // A phone of unknown model: its LED numbering is unknown, so no LED is touched.
        Assert.Empty(page.Root.Elements("Led"));
        Assert.Equal((30000, "http://localhost/snom/status?ext=201"), page.Fetch);
        Assert.Equal(("Status", "http://localhost/snom/menu?ext=201"), page.SoftKeys["F1"]);
        Assert.Equal(("DND aus", "http://localhost/snom/set?ext=201&status=available"), page.SoftKeys["F2"]);
        Assert.Equal("snom://mb_exit", page.SoftKeys["F4"].Url);
        Assert.False(page.SoftKeys.ContainsKey("F3"));
    }

    [Fact]
    public async Task Status_AvailableOnProvisionedD785_ShowsRingThenTargetsAndHandsTheStatusKeyLedBack()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync("000413A11FA7", "D785", "201");
        using var phone = app.CreatePhoneClient();
        var access = $"&mac=000413A11FA7&token={token}";
        await phone.GetAsync("/snom/action/dnd-off?ext=201" + access);

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201" + access);

        Assert.Equal(["Verfügbar", "Intern: Klingeln, dann Mailbox", "Extern: Klingeln, dann Mailbox"], page.Lines.Take(3));
        Assert.Equal((6, null, "off"), page.Led);
        Assert.Equal("DND an", page.SoftKeys["F2"].Label);
    }

    [Fact]
    public async Task Status_ConfiguredLedColourRefreshBaseUrlAndEnglish_AreUsed()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        app.Settings["Snom:DndLedColor"] = "orange";
        app.Settings["Snom:StatusRefresh"] = "00:00:10";
        app.Settings["Snom:PublicBaseUrl"] = "https://presence.example.de:5443/";
        app.Settings["Snom:Language"] = "en";
        var token = await app.AddPhoneAsync("000413A11FA7", "D385", "201");
        using var phone = app.CreatePhoneClient();
        var access = $"&mac=000413A11FA7&token={token}";
        await phone.GetAsync("/snom/action/dnd-on?ext=201" + access);

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201" + access);

        Assert.Equal("Extension 201", page.Title);
        Assert.Equal(["Do not disturb", "Internal: Busy signal", "External: Voicemail"], page.Lines.Take(3));
        Assert.Equal((3, "orange", "on"), page.Led);
        Assert.Equal((10000, $"https://presence.example.de:5443/snom/status?ext=201{access}"), page.Fetch);
        Assert.Equal(("DND off", $"https://presence.example.de:5443/snom/set?ext=201{access}&status=available"), page.SoftKeys["F2"]);
    }

    [Fact]
    public async Task Status_WithExpiry_ShowsLocalUntilTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        await using var app = new SnomPresenceApp { Time = time };
        await app.CreateExtensionAsync("201");
        await app.SetStatusAsync("201", "lunch", new DateTimeOffset(2026, 11, 27, 12, 30, 0, TimeSpan.Zero));
        using var phone = app.CreatePhoneClient();

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201");

        // Europe/Berlin is UTC+1 in November.
        Assert.Equal(["Zu Tisch", "Intern: Besetztzeichen", "Extern: Mailbox", "bis 13:30"], page.Lines);
    }

    [Fact]
    public async Task Status_ExpiryOnAnotherDay_ShowsTheDate()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        await using var app = new SnomPresenceApp { Time = time };
        await app.CreateExtensionAsync("201");
        await app.SetStatusAsync("201", "business-trip", new DateTimeOffset(2026, 12, 2, 16, 0, 0, TimeSpan.Zero));
        using var phone = app.CreatePhoneClient();

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201");

        Assert.Equal("bis 02.12. 17:00", page.Lines[^1]);
    }

    [Fact]
    public async Task Status_ForwardingToColleagueAndMobile_IsReadable()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var admin = app.CreateAdminClient();
        (await admin.PutAsJsonAsync("/api/extensions/201/forwarding/away", new
        {
            @internal = new { kind = "extension", number = "202" },
            external = new { kind = "external", number = "+4917012345678" },
        })).EnsureSuccessStatusCode();
        await app.SetStatusAsync("201", "away");
        using var phone = app.CreatePhoneClient();

        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201");

        Assert.Equal(["Abwesend", "Intern: Nebenstelle 202", "Extern: +4917012345678"], page.Lines.Take(3));
    }

    [Fact]
    public async Task Status_RenamedLabelWithMarkup_IsEscapedAndUmlautsAreUtf8()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Presence:Labels:business-trip:de"] = "Urlaub & <Reise> ü";
        await app.CreateExtensionAsync("201");
        await app.SetStatusAsync("201", "business-trip");
        using var phone = app.CreatePhoneClient();

        var response = await phone.GetAsync("/snom/status?ext=201");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var page = await PhonePage.ReadAsync(response);

        Assert.Equal("Urlaub & <Reise> ü", page.Lines[0]);
        var raw = Encoding.UTF8.GetString(bytes);
        Assert.Contains("Urlaub &amp; &lt;Reise&gt; ü", raw, StringComparison.Ordinal);
        Assert.True(bytes.AsSpan().IndexOf("\u00fc"u8) >= 0, "ü travels as the UTF-8 bytes C3 BC.");
        Assert.True(bytes.AsSpan().IndexOf("Urlaub & "u8) < 0, "A bare & never reaches the phone.");
    }
}
