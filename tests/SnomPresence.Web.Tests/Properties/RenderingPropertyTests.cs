using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Presence;
using SnomPresence.Tests.Shared;
using SnomPresence.Web.Presence;
using SnomPresence.Web.Tests.AdminUi;

namespace SnomPresence.Web.Tests.Properties;

/// <summary>
/// Whatever the admin API accepts, and whatever names 3CX reports, renders to well-formed XML wherever it is shown:
/// every phone screen, the admin display preview and the settings file of every template family; and what is read
/// back from that XML is what was stored.
/// </summary>
public sealed class RenderingPropertyTests
{
    private const string Mac = "000413A11FA7";

    private static readonly Gen<string> AnyText = Gen.Frequency((2, InputGen.PlainText), (1, InputGen.Text));

    [Fact]
    public async Task PhoneSettings_AnyAcceptedNameAndWebLogin_RenderForEveryFamilyWithTheStoredValues()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var admin = app.CreateAdminClient();
        using var phoneClient = app.CreateProvisioningClient();
        string? password = null;
        var accepted = 0;

        await Gen.Select(Gen.OneOf(InputGen.Models), AnyText.Null(), AnyText.Null(), AnyText.Null()).SampleAsync(async (model, name, user, newPassword) =>
        {
            var body = $"{{\"model\":\"{model}\",\"extensions\":[\"201\",\"202\"],\"displayName\":{Json(name)},\"webUser\":{Json(user)},\"webPassword\":{Json(newPassword)}}}";
            var saved = await admin.PutAsync($"/api/phones/{Mac}", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True((int)saved.StatusCode < 500, await saved.Content.ReadAsStringAsync());
            if (!saved.IsSuccessStatusCode)
            {
                return;
            }

            accepted++;
            password = user is null || string.IsNullOrWhiteSpace(user) ? null : string.IsNullOrEmpty(newPassword) ? password : newPassword;
            using var entry = JsonDocument.Parse(await admin.GetStringAsync($"/api/phones/{Mac}"));
            var storedName = entry.RootElement.TryGetProperty("displayName", out var n) ? n.GetString() : null;
            var storedUser = entry.RootElement.TryGetProperty("webUser", out var u) ? u.GetString() : null;
            Assert.Equal(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), storedName);
            Assert.Equal(string.IsNullOrWhiteSpace(user) ? null : user.Trim(), storedUser);

            var file = await admin.GetStringAsync($"/api/phones/{Mac}/provisioning");
            Assert.Equal(file, await phoneClient.GetStringAsync($"/provisioning/snom{model}-{Mac}.htm"));
            var settings = XDocument.Parse(file, LoadOptions.PreserveWhitespace).Root!.Element("phone-settings")!;
            Assert.Equal([storedName ?? "201", storedName ?? "201"], settings.Elements("user_idle_text").Select(e => e.Value));
            var login = SnomModels.For(PhoneModel.Parse(model));
            Assert.Equal(storedUser, settings.Element(login.WebUserSetting)?.Value);
            Assert.Equal(storedUser is null ? null : password, settings.Element(login.WebPasswordSetting)?.Value);
        }, iter: 150, threads: 1, print: t => $"{t.Item1} name={PhoneRoutePropertyTests.Short(t.Item2 ?? "null")} user={PhoneRoutePropertyTests.Short(t.Item3 ?? "null")}");
        Assert.True(accepted >= 20, $"Only {accepted} phones were accepted; the generator misses the point.");
    }

    [Fact]
    public async Task PhoneScreens_AnyAcceptedForwarding_RenderOnEveryScreenAndThePreviewWithTheNumbers()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var admin = app.CreateAdminClient();
        using var phone = app.CreatePhoneClient();
        var (board, _) = await AdminUiTests.SignInAsync(app);

        var accepted = 0;
        // Mostly targets the API takes, so most samples get as far as the screens; sometimes anything.
        var target = Gen.Frequency(
            (3, Gen.OneOf("voicemail", "busy").Select(k => (k, (string?)null))),
            (3, Gen.Select(Gen.OneOf("extension", "colleague-voicemail"), InputGen.Digits, (k, n) => (k, (string?)n))),
            (3, InputGen.ForwardingNumber.Select(n => ("external", (string?)n))),
            (1, Gen.Select(Gen.OneOf(InputGen.KindIds), InputGen.ForwardingNumber.Null())));
        await Gen.Select(Gen.OneOf(InputGen.StatusIds), target.Array[6]).SampleAsync(async (status, targets) =>
        {
            string Target(int i) => $"{{\"kind\":\"{targets[i].Item1}\",\"number\":{Json(targets[i].Item2)}}}";
            string Pair(int i) => $"{{\"internal\":{Target(i)},\"external\":{Target(i + 1)}}}";
            var body = status == "available"
                ? $"{{\"noAnswer\":{Pair(0)},\"busy\":{Pair(2)},\"notRegistered\":{Pair(4)}}}"
                : Pair(0)[1..^1].Insert(0, "{") + "}";
            var set = await admin.PutAsync($"/api/extensions/201/forwarding/{status}", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True((int)set.StatusCode < 500);
            if (set.StatusCode != HttpStatusCode.OK)
            {
                return;
            }

            accepted++;
            await app.SetStatusAsync("201", status);
            var slots = ForwardingSettings.Default.SlotsOf(EnumIds.Parse<PresenceStatus>(status)).Select(EnumIds.Id).ToArray();
            var stored = slots.Select((slot, i) => (Slot: slot, Kind: targets[i].Item1, Number: targets[i].Item1 is "extension" or "colleague-voicemail" or "external" ? targets[i].Item2 : null)).ToArray();

            var pages = new List<string>
            {
                "/snom/status?ext=201", "/snom/menu?ext=201", "/snom/forwarding?ext=201", $"/snom/forwarding?ext=201&status={status}",
                $"/snom/short?ext=201", "/snom/status?ext=201&lang=en",
            };
            pages.AddRange(stored.Select(s => $"/snom/forwarding/target?ext=201&status={status}&slot={s.Slot}"));
            foreach (var url in pages)
            {
                await PhonePage.GetAsync(phone, url);
            }

            await PhonePage.GetAsync(board, "/admin/preview/201");
            await PhonePage.GetAsync(board, "/admin/preview/201?screen=menu");
            var slotMenu = await PhonePage.GetAsync(phone, $"/snom/forwarding?ext=201&status={status}");
            foreach (var ((name, _, _), slot) in slotMenu.MenuItems.Zip(stored))
            {
                if (slot.Number is { } number)
                {
                    Assert.Contains(number, name, StringComparison.Ordinal);
                    var input = await PhonePage.GetAsync(phone, $"/snom/forwarding/input?ext=201&status={status}&slot={slot.Slot}&kind={slot.Kind}");
                    Assert.Equal(number, input.Root.Element("InputItem")!.Element("DefaultValue")!.Value);
                }
            }
        }, iter: 120, threads: 1);
        Assert.True(accepted >= 20, $"Only {accepted} forwarding settings were accepted; the generator misses the point.");
    }

    [Fact]
    public async Task PhoneScreens_AnyStatusNamesFromThePbx_RenderWithTheNameAsDisplayed()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        await app.SetStatusAsync("201", "lunch");
        using var phone = app.CreatePhoneClient();
        var (board, _) = await AdminUiTests.SignInAsync(app);
        var labels = app.Services.GetRequiredService<StatusLabels>();

        await Gen.Select(AnyText.Null(), AnyText.Null()).SampleAsync(async (lunch, trip) =>
        {
            labels.ApplyPbxNames(lunch, trip);
            var shown = labels.Label(PresenceStatus.Lunch, Language.De);
            // The documented form: what a display can show of the name, trimmed; our own name when nothing is left.
            var cleaned = lunch is null ? string.Empty : DisplayText.Clean(lunch).Trim();
            string[] pbxDefaults = ["Lunch", "Business Trip", "Custom 1", "Custom 2"];
            Assert.Equal(cleaned.Length == 0 || pbxDefaults.Contains(cleaned, StringComparer.OrdinalIgnoreCase) ? "Zu Tisch" : cleaned, shown);

            var status = await PhonePage.GetAsync(phone, "/snom/status?ext=201");
            Assert.Equal(shown, status.Lines[0]);
            var menu = await PhonePage.GetAsync(phone, "/snom/menu?ext=201");
            Assert.Contains(menu.MenuItems, item => item.Name == "» " + shown && item.Selected);
            await PhonePage.GetAsync(phone, "/snom/short?ext=201");
            await PhonePage.GetAsync(phone, "/snom/forwarding?ext=201");
            Assert.Equal(shown, (await PhonePage.GetAsync(board, "/admin/preview/201")).Lines[0]);
        }, iter: 150, threads: 1);
    }

    [Fact]
    public void PresenceLabels_AnyConfiguredLabel_StartsExactlyWhenItIsShortPlainText()
    {
        var validator = new PresenceOptionsValidator();
        var accepted = 0;
        var refused = 0;
        var labels = Gen.Frequency((1, InputGen.Text), (1, InputGen.Text.Where(t => t.Length is > 0 and <= 30)));
        Gen.Select(Gen.OneOf("lunch", "business-trip"), Gen.OneOf("de", "en"), labels).Sample((status, language, label) =>
        {
            var options = new PresenceOptions();
            options.Labels[status] = new Dictionary<string, string> { [language] = label };
            var plain = !string.IsNullOrWhiteSpace(label) && label.Trim().Length <= PresenceOptions.MaxLabelLength && DisplayText.IsPlain(label);
            Assert.Equal(plain, !validator.Validate(null, options).Failed);
            if (!plain)
            {
                refused++;
                return;
            }

            accepted++;
            var shown = options.ToStatusLabels().Label(EnumIds.Parse<PresenceStatus>(status), EnumIds.Parse<Language>(language));
            Assert.Equal(label.Trim(), shown);
            Assert.Equal(shown, XDocument.Parse(new XDocument(new XElement("Title", shown)).ToString()).Root!.Value);
        }, iter: 1_000, threads: 1);

        // Both outcomes must have been seen for the property to say anything.
        Assert.True(accepted >= 50 && refused >= 50, $"{accepted} labels accepted, {refused} refused.");
    }

    private static string Json(string? text) => text is null ? "null" : InputGen.JsonString(text);
}
