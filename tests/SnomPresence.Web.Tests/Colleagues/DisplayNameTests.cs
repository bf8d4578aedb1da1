using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.Colleagues;

public class DisplayNameTests
{
    [Fact]
    public async Task PutExtension_WithDisplayName_CreatesItNamedByAdmin()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();

        var response = await admin.PutAsJsonAsync("/api/extensions/201", new { displayName = "  Müller, Anna " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Müller, Anna", "admin"), (created.GetProperty("displayName").GetString(), created.GetProperty("nameSource").GetString()));
        var fetched = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/201");
        Assert.Equal("Müller, Anna", fetched.GetProperty("displayName").GetString());
        var listed = await admin.GetFromJsonAsync<JsonElement[]>("/api/extensions");
        Assert.Equal("Müller, Anna", Assert.Single(listed!).GetProperty("displayName").GetString());
        Assert.Equal(new ExtensionName("Müller, Anna", NameSource.Admin), (await app.GetStoredStateAsync("201"))!.Name);
    }

    [Fact]
    public async Task PutExtension_Existing_RenamesAndAnswers200()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        await app.CreateExtensionAsync("201");

        var response = await admin.PutAsJsonAsync("/api/extensions/201", new { displayName = "Schmidt, Jörg" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Schmidt, Jörg", (await app.GetStoredStateAsync("201"))!.Name!.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Anna\u0001Müller")]
    [InlineData("Anna\r\nMüller")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task PutExtension_BadDisplayName_ProblemNamesFieldAndNothingIsCreated(string displayName)
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();

        var response = await admin.PutAsJsonAsync("/api/extensions/201", new { displayName });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _));
        Assert.Null(await app.GetStoredStateAsync("201"));
    }

    [Fact]
    public async Task PhoneInventoryDisplayName_NamesItsExtension_UntilAnAdminNamesIt()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        await app.CreateExtensionAsync("201");

        (await admin.PutAsJsonAsync("/api/phones/000413A11FA7", new { model = "D785", extensions = new[] { "201" }, displayName = "Empfang" })).EnsureSuccessStatusCode();
        var named = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/201");
        (await admin.PutAsJsonAsync("/api/extensions/201", new { displayName = "Müller, Anna" })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/phones/000413A11FA7", new { model = "D785", extensions = new[] { "201" }, displayName = "Empfang 2" })).EnsureSuccessStatusCode();

        Assert.Equal(("Empfang", "inventory"), (named.GetProperty("displayName").GetString(), named.GetProperty("nameSource").GetString()));
        Assert.Equal(new ExtensionName("Müller, Anna", NameSource.Admin), (await app.GetStoredStateAsync("201"))!.Name);
    }
}
