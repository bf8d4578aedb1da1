using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.Colleagues;

public class GroupsApiTests
{
    [Fact]
    public async Task PutGroup_New_IsStoredListedAndReadBack()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        await app.CreateExtensionAsync("201");
        await app.CreateExtensionAsync("202");

        var response = await admin.PutAsJsonAsync("/api/groups/vertrieb", new { name = "Vertrieb", members = new[] { "202", "201", "202" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["202", "201"], created.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        var read = await admin.GetFromJsonAsync<JsonElement>("/api/groups/vertrieb");
        Assert.Equal(("Vertrieb", "admin"), (read.GetProperty("name").GetString(), read.GetProperty("source").GetString()));
        var stored = Assert.Single(await Stored(app));
        Assert.Equal(new ColleagueGroup(GroupId.Parse("vertrieb"), "Vertrieb", [Extension.Parse("202"), Extension.Parse("201")], GroupSource.Admin), stored);
        Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>("/api/groups"))!);
    }

    [Fact]
    public async Task PutGroup_Existing_ReplacesMembers_AndDeleteRemovesIt()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        await app.CreateExtensionAsync("201");
        await app.CreateExtensionAsync("202");
        (await admin.PutAsJsonAsync("/api/groups/vertrieb", new { name = "Vertrieb", members = new[] { "201", "202" } })).EnsureSuccessStatusCode();

        var replaced = await admin.PutAsJsonAsync("/api/groups/vertrieb", new { name = "Verkauf", members = new[] { "202" } });

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal([Extension.Parse("202")], Assert.Single(await Stored(app)).Members);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/groups/vertrieb")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/groups/vertrieb")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/groups/vertrieb")).StatusCode);
        Assert.Empty(await Stored(app));
    }

    [Theory]
    [InlineData("Vertrieb", "VERTRIEB", new[] { "201" }, "id")]
    [InlineData("vertrieb", "", new[] { "201" }, "name")]
    [InlineData("vertrieb", "Ver\u0007trieb", new[] { "201" }, "name")]
    [InlineData("vertrieb", "Vertrieb", new[] { "201", "abc" }, "members[1]")]
    [InlineData("vertrieb", "Vertrieb", new[] { "999" }, "members[0]")]
    public async Task PutGroup_BadField_ProblemNamesItAndNothingIsStored(string id, string name, string[] members, string field)
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        await app.CreateExtensionAsync("201");

        var response = await admin.PutAsJsonAsync($"/api/groups/{id}", new { name, members });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
        Assert.Empty(await Stored(app));
    }

    [Fact]
    public async Task Import_Csv_ReplacesTheGroupsItNames_AndLeavesOthers()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        foreach (var ext in new[] { "201", "202", "203" })
        {
            await app.CreateExtensionAsync(ext);
        }

        (await admin.PutAsJsonAsync("/api/groups/lager", new { name = "Lager", members = new[] { "203" } })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/groups/vertrieb", new { name = "Vertrieb", members = new[] { "203" } })).EnsureSuccessStatusCode();
        const string csv = "group;group_name;extension\r\nvertrieb;;201\r\nvertrieb;;202\r\nsupport;\"Support & Technik\";203\r\n";

        var response = await admin.PostAsync("/api/groups/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var groups = (await Stored(app)).ToDictionary(g => g.Id.Value);
        Assert.Equal(["lager", "support", "vertrieb"], groups.Keys.Order());
        Assert.Equal([Extension.Parse("201"), Extension.Parse("202")], groups["vertrieb"].Members);
        Assert.Equal("Vertrieb", groups["vertrieb"].Name);
        Assert.Equal(("Support & Technik", Extension.Parse("203")), (groups["support"].Name, Assert.Single(groups["support"].Members)));
        Assert.Equal([Extension.Parse("203")], groups["lager"].Members);
    }

    [Fact]
    public async Task Import_WithBadRows_Answers422WithLineAndColumn_AndChangesNothing()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        await app.CreateExtensionAsync("201");
        const string csv = "group,group_name,extension\nvertrieb,Vertrieb,201\nvertrieb,Vertrieb,2x1\nneu,,201\n";

        var response = await admin.PostAsync("/api/groups/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToArray();
        Assert.Equal([(3, "extension"), (4, "group_name")], errors);
        Assert.Empty(await Stored(app));
    }

    private static Task<IReadOnlyList<ColleagueGroup>> Stored(SnomPresenceApp app) =>
        app.Services.GetRequiredService<IColleagueStore>().ListGroupsAsync(default);
}
