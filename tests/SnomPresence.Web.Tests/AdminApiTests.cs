using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

public class AdminApiTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-wrong-key-wrong-key")]
    [InlineData("test-api-key-0123456789abcde")]
    public async Task Api_WithoutTheRightKey_Is401ProblemAndChangesNothing(string? key)
    {
        await using var app = new SnomPresenceApp();
        using var client = app.CreatePhoneClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var put = await client.PutAsync("/api/extensions/201", null);
        var list = await client.GetAsync("/api/extensions");

        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal("application/problem+json", list.Content.Headers.ContentType?.MediaType);
        Assert.Null(await app.GetStoredStateAsync("201"));
    }

    [Fact]
    public async Task Api_NoKeyConfigured_RefusesEverythingAndSaysSoAtStartup()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Admin:ApiKey"] = "";
        using var admin = app.CreateAdminClient();

        var response = await admin.GetAsync("/api/extensions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("Admin:ApiKey", problem!.Detail, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Events, e => e.MessageTemplate.Text.Contains("Admin:ApiKey is not set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Put_Extension_Creates201ThenAnswers200()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();

        var created = await admin.PutAsync("/api/extensions/201", null);
        var again = await admin.PutAsync("/api/extensions/201", null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/extensions/201", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("available", body.GetProperty("status").GetString());
        Assert.Equal("Verfügbar", body.GetProperty("label").GetString());
        Assert.Equal("admin", body.GetProperty("source").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.Equal("busy", body.GetProperty("forwarding").GetProperty("dnd").GetProperty("internal").GetProperty("kind").GetString());
        Assert.Equal("voicemail", body.GetProperty("forwarding").GetProperty("dnd").GetProperty("external").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task List_ShowsEveryExtensionWithStatus()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=202");
        await phone.GetAsync("/snom/action/dnd-off?ext=99");
        using var admin = app.CreateAdminClient();

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/extensions");

        Assert.Equal(
            [("99", "available", "phone"), ("202", "dnd", "phone")],
            list.EnumerateArray().Select(e => (e.GetProperty("extension").GetString(), e.GetProperty("status").GetString(), e.GetProperty("source").GetString())));
    }

    [Fact]
    public async Task SetStatus_WithExpiry_StoresItAsAdmin()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var admin = app.CreateAdminClient();
        var until = TimeProvider.System.GetUtcNow().AddHours(2);

        var response = await admin.PutAsJsonAsync("/api/extensions/201/status", new { status = "business-trip", expiresAt = until });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.BusinessTrip, state!.Status);
        Assert.Equal(ChangeSource.Admin, state.Source);
        Assert.Equal(until.ToUnixTimeMilliseconds(), state.ExpiresAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal("api", (await app.GetHistoryAsync("201"))[0].Origin);
    }

    [Fact]
    public async Task SetStatus_UnknownExtension_Is404Problem()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();

        var response = await admin.PutAsJsonAsync("/api/extensions/555/status", new { status = "dnd" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("555", problem!.Detail, StringComparison.Ordinal);
        Assert.Null(await app.GetStoredStateAsync("555"));
    }

    [Theory]
    [InlineData("/api/extensions/201/status", "{\"status\":\"holiday\"}", "status")]
    [InlineData("/api/extensions/201/status", "{}", "status")]
    [InlineData("/api/extensions/201/status", "{\"status\":\"dnd\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}", "expiresAt")]
    [InlineData("/api/extensions/201/status", "{\"status\":\"dnd\",\"expiresAt\":\"tomorrow\"}", "expiresAt")]
    [InlineData("/api/extensions/2a1/status", "{\"status\":\"dnd\"}", "ext")]
    [InlineData("/api/extensions/201/status", "not json", "body")]
    [InlineData("/api/extensions/201/status", "{\"status\":", "status")]
    [InlineData("/api/extensions/201/forwarding/dnd", "{\"internal\":{\"kind\":\"mobile\"},\"external\":{\"kind\":\"voicemail\"}}", "internal.kind")]
    [InlineData("/api/extensions/201/forwarding/dnd", "{\"internal\":{\"kind\":\"busy\"},\"external\":{\"kind\":\"external\",\"number\":\"0170 123\"}}", "external.number")]
    [InlineData("/api/extensions/201/forwarding/dnd", "{\"internal\":{\"kind\":\"extension\"},\"external\":{\"kind\":\"voicemail\"}}", "internal.number")]
    [InlineData("/api/extensions/201/forwarding/dnd", "{\"internal\":{\"kind\":\"busy\"}}", "external")]
    [InlineData("/api/extensions/201/forwarding/dnd", "{\"internal\":{\"kind\":\"busy\"},\"external\":{\"kind\":\"busy\"},\"busy\":{}}", "busy")]
    [InlineData("/api/extensions/201/forwarding/available", "{\"noAnswer\":{\"internal\":{\"kind\":\"none\"},\"external\":{\"kind\":\"voicemail\"}}}", "busy")]
    [InlineData("/api/extensions/201/forwarding/holiday", "{}", "status")]
    [InlineData("/api/extensions/201/forwarding/away", "{\"internal\":{\"kind\":\"busy\"},\"external\":{\"kind\":\"external\",\"number\":\"09001234567\"}}", "external.number")]
    [InlineData("/api/extensions/201/forwarding/available", "{\"noAnswer\":{\"internal\":{\"kind\":\"voicemail\"},\"external\":{\"kind\":\"external\",\"number\":\"+4918012345\"}},\"busy\":{\"internal\":{\"kind\":\"busy\"},\"external\":{\"kind\":\"busy\"}},\"notRegistered\":{\"internal\":{\"kind\":\"voicemail\"},\"external\":{\"kind\":\"voicemail\"}}}", "noAnswer.external.number")]
    public async Task Put_BadInput_IsValidationProblemNamingTheField(string url, string json, string field)
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var admin = app.CreateAdminClient();
        var before = await app.GetStoredStateAsync("201");

        var response = await admin.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(field, problem!.Errors.Keys);
        Assert.Equal(before, await app.GetStoredStateAsync("201"));
    }

    [Fact]
    public async Task Forwarding_SetForDndAndAvailable_RoundTripsAndShowsOnPhone()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var admin = app.CreateAdminClient();

        var dnd = await admin.PutAsJsonAsync("/api/extensions/201/forwarding/dnd", new
        {
            @internal = new { kind = "colleague-voicemail", number = "202" },
            external = new { kind = "external", number = "+4930123456" },
        });
        var available = await admin.PutAsJsonAsync("/api/extensions/201/forwarding/available", new
        {
            noAnswer = new { @internal = new { kind = "busy" }, external = new { kind = "extension", number = "203" } },
            busy = new { @internal = new { kind = "busy" }, external = new { kind = "voicemail" } },
            notRegistered = new { @internal = new { kind = "voicemail" }, external = new { kind = "external", number = "01701234567" } },
        });
        var all = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/201/forwarding");

        Assert.Equal(HttpStatusCode.OK, dnd.StatusCode);
        Assert.Equal(HttpStatusCode.OK, available.StatusCode);
        Assert.Equal("colleague-voicemail", all.GetProperty("dnd").GetProperty("internal").GetProperty("kind").GetString());
        Assert.Equal("202", all.GetProperty("dnd").GetProperty("internal").GetProperty("number").GetString());
        Assert.Equal("203", all.GetProperty("available").GetProperty("noAnswer").GetProperty("external").GetProperty("number").GetString());
        Assert.False(all.GetProperty("available").TryGetProperty("internal", out _));
        Assert.Equal(("ring-first", "immediate"), (all.GetProperty("available").GetProperty("route").GetString(), all.GetProperty("dnd").GetProperty("route").GetString()));
        Assert.Equal("busy", all.GetProperty("away").GetProperty("internal").GetProperty("kind").GetString());
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(3, state!.Version);
        Assert.Equal(ForwardingTarget.ToExtension(Extension.Parse("203")), state.Forwarding.Get(PresenceStatus.Available, ForwardingSlot.NoAnswerExternal));

        using var phone = app.CreatePhoneClient();
        var availablePage = await PhonePage.GetAsync(phone, "/snom/status?ext=201");
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        var dndPage = await PhonePage.GetAsync(phone, "/snom/status?ext=201");
        Assert.Equal(["Verfügbar", "Intern: Klingeln, dann Besetztzeichen", "Extern: Klingeln, dann Nebenstelle 203"], availablePage.Lines.Take(3));
        Assert.Equal(["Nicht stören", "Intern: Mailbox 202", "Extern: +4930123456"], dndPage.Lines.Take(3));
    }

    [Fact]
    public async Task History_ListsChangesNewestFirstWithWhoAndFromWhere()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201&mac=000413A11FA7");
        await app.SetStatusAsync("201", "lunch");
        using var admin = app.CreateAdminClient();

        var history = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/201/history?limit=2");
        var unknown = await admin.GetAsync("/api/extensions/777/history");
        var badLimit = await admin.GetAsync("/api/extensions/201/history?limit=0");

        Assert.Equal(
            [(3L, "lunch", "admin", "api"), (2L, "dnd", "phone", "000413A11FA7")],
            history.EnumerateArray().Select(e => (e.GetProperty("version").GetInt64(), e.GetProperty("status").GetString(), e.GetProperty("source").GetString(), e.GetProperty("origin").GetString())));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task SetStatus_WhenTheExtensionKeepsChangingUnderIt_Is409ProblemAndStoresNothing()
    {
        await using var app = new SnomPresenceApp
        {
            ConfigureServices = services => services.AddSingleton<IPresenceStore>(sp =>
                new AlwaysOvertakenStore(sp.GetRequiredService<SnomPresence.Stores.CachingPresenceStore>())),
        };
        using var admin = app.CreateAdminClient();
        (await admin.PutAsync("/api/extensions/201", null)).EnsureSuccessStatusCode();

        var response = await admin.PutAsJsonAsync("/api/extensions/201/status", new { status = "dnd" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("201", problem!.Detail, StringComparison.Ordinal);
        var stored = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Available, stored!.Status);
        Assert.Equal(1, stored.Version);
    }

    /// <summary>Another writer always comes first: every change of an existing extension loses its compare-and-set.</summary>
    private sealed class AlwaysOvertakenStore(IPresenceStore inner) : DelegatingPresenceStore(inner)
    {
        public override Task<bool> TrySaveAsync(PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken) =>
            current is null ? base.TrySaveAsync(current, updated, entry, forPbx, cancellationToken) : Task.FromResult(false);
    }
}
