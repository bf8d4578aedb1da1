using System.Net.Http.Json;
using System.Text.Json;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

public class LanguageTests
{
    [Fact]
    public async Task ExtensionSetToEnglish_PhonePagesAreEnglishWithoutAsking_UnlessThePhoneAsks()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var admin = app.CreateAdminClient();
        using var phone = app.CreatePhoneClient();

        var set = await admin.PutAsJsonAsync("/api/extensions/201/language", new { language = "en" });
        var english = await PhonePage.GetAsync(phone, "/snom/status?ext=201");
        var menu = await PhonePage.GetAsync(phone, "/snom/menu?ext=201");
        var german = await PhonePage.GetAsync(phone, "/snom/status?ext=201&lang=Deutsch");

        Assert.Equal("en", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("language").GetString());
        Assert.Equal("Extension 201", english.Title);
        Assert.Equal(["Available", "Internal: Ring, then Voicemail", "External: Ring, then Voicemail"], english.Lines.Take(3));
        Assert.Equal("Choose status", menu.Title);
        Assert.DoesNotContain("lang=", menu.MenuItems[0].Url, StringComparison.Ordinal);
        Assert.Equal("Nebenstelle 201", german.Title);
        Assert.Equal(ChangeKind.Settings, (await app.GetHistoryAsync("201"))[0].Kind);
    }

    [Fact]
    public async Task LanguageSetting_BackToDefault_AndBadValue()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var admin = app.CreateAdminClient();
        await admin.PutAsJsonAsync("/api/extensions/201/language", new { language = "en" });

        var reset = await admin.PutAsJsonAsync("/api/extensions/201/language", new { language = (string?)null });
        var bad = await admin.PutAsJsonAsync("/api/extensions/201/language", new { language = "fr" });

        Assert.True(reset.IsSuccessStatusCode);
        Assert.Null((await app.GetStoredStateAsync("201"))!.Language);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
