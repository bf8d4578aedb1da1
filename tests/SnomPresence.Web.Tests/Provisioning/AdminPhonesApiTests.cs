using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.Provisioning;

public sealed class AdminPhonesApiTests
{
    private const string Mac = "000413A11FA7";

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static async Task<IReadOnlyList<ProvisionedPhone>> StoredAsync(SnomPresenceApp app) =>
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<IPhoneInventory>(app.Services).ListAsync(default);

    [Fact]
    public async Task Create_Answers201WithTheTokenOnce_ThenReadsNeverShowSecrets()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var admin = app.CreateAdminClient();

        var created = await admin.PutAsJsonAsync("/api/phones/00-04-13-a1-1f-a7", new
        {
            model = "d785",
            extensions = new[] { "201", "202" },
            displayName = "Empfang",
            language = "en",
            webUser = "admin",
            webPassword = "phone-web-secret",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/phones/{Mac}", created.Headers.Location?.ToString());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        Assert.Equal(32, token.Length);
        Assert.Equal("D785", body.GetProperty("phone").GetProperty("model").GetString());

        var read = await admin.GetStringAsync($"/api/phones/{Mac}");
        var list = await admin.GetStringAsync("/api/phones");
        foreach (var text in new[] { read, list })
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("phone-web-secret", text, StringComparison.Ordinal);
        }

        var phone = JsonDocument.Parse(read).RootElement;
        Assert.True(phone.GetProperty("hasWebPassword").GetBoolean());
        Assert.Equal(["201", "202"], phone.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"snomD785-{Mac}.htm", phone.GetProperty("provisioningFile").GetString());
    }

    [Fact]
    public async Task Update_KeepsTheTokenAndTheWebPasswordUnlessANewOneIsGiven()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var admin = app.CreateAdminClient();
        await admin.PutAsJsonAsync($"/api/phones/{Mac}", new { model = "D785", extensions = new[] { "201" }, webUser = "admin", webPassword = "first-secret" });
        var token = (await StoredAsync(app)).Single().Token.Current;

        var updated = await admin.PutAsJsonAsync($"/api/phones/{Mac}", new { model = "D785", extensions = new[] { "203" }, webUser = "admin" });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var stored = (await StoredAsync(app)).Single();
        Assert.Equal(token, stored.Token.Current);
        Assert.Equal(new PhoneWebLogin("admin", "first-secret"), stored.WebLogin);
        Assert.Equal([Extension.Parse("203")], stored.Extensions);

        await admin.PutAsJsonAsync($"/api/phones/{Mac}", new { model = "D785", extensions = new[] { "203" }, webUser = "admin", webPassword = "second-secret" });
        Assert.Equal("second-secret", (await StoredAsync(app)).Single().WebLogin!.Password);
    }

    [Fact]
    public async Task Save_WithBadFields_Is400NamingEachField_AndStoresNothing()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var admin = app.CreateAdminClient();

        var response = await admin.PutAsJsonAsync($"/api/phones/{Mac}", new
        {
            model = "X100",
            extensions = new[] { "20a" },
            language = "fr",
            webUser = "admin",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            ["extensions", "language", "model", "webPassword"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Empty(await StoredAsync(app));
    }

    [Fact]
    public async Task BadMacInThePath_Is400NamingMac()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var admin = app.CreateAdminClient();

        foreach (var response in new[]
        {
            await admin.GetAsync("/api/phones/0004-13"),
            await admin.PutAsJsonAsync("/api/phones/zz0413A11FA7", new { model = "D785", extensions = new[] { "201" } }),
            await admin.DeleteAsync("/api/phones/0004"),
            await admin.PostAsync("/api/phones/0004/token", null),
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("mac", out _));
        }
    }

    [Fact]
    public async Task UnknownPhone_Is404ProblemForEveryPhoneRoute()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var admin = app.CreateAdminClient();

        foreach (var response in new[]
        {
            await admin.GetAsync($"/api/phones/{Mac}"),
            await admin.DeleteAsync($"/api/phones/{Mac}"),
            await admin.PostAsync($"/api/phones/{Mac}/token", null),
            await admin.GetAsync($"/api/phones/{Mac}/provisioning"),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Delete_RemovesThePhone_AndItsTokenStopsWorking()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync(Mac, "D785", "201");
        using var admin = app.CreateAdminClient();
        using var phone = app.CreatePhoneClient();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/phones/{Mac}")).StatusCode);

        Assert.Empty(await StoredAsync(app));
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync($"/snom/status?ext=201&mac={Mac}&token={token}")).StatusCode);
    }

    [Fact]
    public async Task Provisioning_IsTheRenderedFileAsThePhoneGetsIt()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync(Mac, "D385", "201");
        using var admin = app.CreateAdminClient();
        using var phone = app.CreateProvisioningClient();

        var shown = await admin.GetStringAsync($"/api/phones/{Mac}/provisioning");
        var served = await phone.GetStringAsync($"/provisioning/snomD385-{Mac}.htm");

        Assert.Equal(served, shown);
        Assert.Contains($"token={token}", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_DryRun_ReportsWhatWouldChange_AndChangesNothing()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        await app.AddPhoneAsync(Mac, "D785", "201");
        using var admin = app.CreateAdminClient();
        var csv = $"mac;model;extensions;display_name\r\n{Mac};D785;201 202;Empfang\r\n00:04:13:00:00:02;D385;203;\"Lager; Halle 2\"\r\n";

        var response = await admin.PostAsync("/api/phones/import?dryRun=true", Csv(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(report.GetProperty("applied").GetBoolean());
        Assert.Equal(2, report.GetProperty("rows").GetInt32());
        Assert.Equal(["000413000002"], report.GetProperty("created").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([Mac], report.GetProperty("updated").EnumerateArray().Select(e => e.GetString()));
        var stored = Assert.Single(await StoredAsync(app));
        Assert.Equal([Extension.Parse("201")], stored.Extensions);
    }

    [Fact]
    public async Task Import_Valid_StoresEveryRow_NewPhonesGetTokens_ExistingKeepTheirs()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync(Mac, "D785", "201");
        using var admin = app.CreateAdminClient();
        var csv = $"mac,model,extensions,display_name,language,web_user,web_password\n{Mac},D785,201 202,Empfang,en,,\n000413000002,D865,203,\"Lager, Halle \"\"2\"\"\",,admin,pw-2\n";

        var response = await admin.PostAsync("/api/phones/import", Csv(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applied").GetBoolean());
        var stored = (await StoredAsync(app)).OrderByDescending(p => p.Mac.Value == Mac).ToList();
        Assert.Equal(2, stored.Count);
        Assert.Equal(token, stored[0].Token.Current);
        Assert.Equal([Extension.Parse("201"), Extension.Parse("202")], stored[0].Extensions);
        Assert.Equal(Language.En, stored[0].Language);
        Assert.Equal("Lager, Halle \"2\"", stored[1].DisplayName);
        Assert.Equal(new PhoneWebLogin("admin", "pw-2"), stored[1].WebLogin);
        Assert.NotEqual(token, stored[1].Token.Current);
    }

    [Fact]
    public async Task Import_WithBadRows_Is422ListingEveryProblem_AndStoresNothing()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var admin = app.CreateAdminClient();
        var csv = string.Join("\n",
            "mac,model,extensions,display_name,language",
            "000413000001,D785,201,Gut,de",
            "00041300000,D785,202,,",
            "000413000003,X100,abc,,fr",
            "000413000001,D385,204,,",
            "000413000005,D785,,,",
            "000413000006,D785,206,too,many,fields");

        var response = await admin.PostAsync("/api/phones/import", Csv(csv));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString()))
            .ToList();
        Assert.Equal(
            [(3, "mac"), (4, "extensions"), (4, "language"), (4, "model"), (5, "mac"), (6, "extensions"), (7, "row")],
            errors.Order());
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("reason").GetString())));
        Assert.Empty(await StoredAsync(app));
    }

    [Fact]
    public async Task Import_WithABadHeader_Is422NamingTheColumn()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var admin = app.CreateAdminClient();

        var response = await admin.PostAsync("/api/phones/import", Csv("mac,modell,extensions\n000413000001,D785,201\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(1, "model"), (1, "modell")], errors.Order());
    }

    [Fact]
    public async Task Export_IsCsvThatImportsBackUnchanged_WithoutPasswords()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var admin = app.CreateAdminClient();
        await admin.PutAsJsonAsync($"/api/phones/{Mac}", new
        {
            model = "D785", extensions = new[] { "201", "202" }, displayName = "Empfang, \"Zentrale\"", language = "en", webUser = "admin", webPassword = "web-secret",
        });
        await app.AddPhoneAsync("000413000002", "D120", "203");
        var before = await StoredAsync(app);

        var export = await admin.GetAsync("/api/phones/export");
        var csv = await export.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("web-secret", csv, StringComparison.Ordinal);
        Assert.StartsWith("mac,model,extensions,display_name,language,web_user,web_password\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/phones/import", Csv(csv))).StatusCode);
        var after = await StoredAsync(app);
        Assert.Equal(before.Select(p => (p.Mac, p.Model, string.Join(" ", p.Extensions), p.DisplayName, p.Language, p.WebLogin, p.Token)),
            after.Select(p => (p.Mac, p.Model, string.Join(" ", p.Extensions), p.DisplayName, p.Language, p.WebLogin, p.Token)));
    }

    [Fact]
    public async Task EveryPhonesRoute_WithoutTheApiKey_Is401()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var anonymous = app.CreatePhoneClient();

        foreach (var response in new[]
        {
            await anonymous.GetAsync("/api/phones"),
            await anonymous.GetAsync("/api/phones/export"),
            await anonymous.PostAsync("/api/phones/import", Csv("mac,model,extensions\n000413000001,D785,201\n")),
            await anonymous.GetAsync($"/api/phones/{Mac}"),
            await anonymous.PutAsJsonAsync($"/api/phones/{Mac}", new { model = "D785", extensions = new[] { "201" } }),
            await anonymous.DeleteAsync($"/api/phones/{Mac}"),
            await anonymous.PostAsync($"/api/phones/{Mac}/token", null),
            await anonymous.GetAsync($"/api/phones/{Mac}/provisioning"),
        })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Empty(await StoredAsync(app));
    }
}
