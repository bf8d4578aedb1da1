using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests.Pbx;

public class ThreeCxGroupsTests
{
    [Fact]
    public async Task Poll_StoresEach3cxGroupWithItsMembers_PagedAsThePbxChooses_AndFollowsChanges()
    {
        using var pbx = new FakeThreeCx { PageCap = 2 };
        for (var i = 0; i < 5; i++)
        {
            pbx.AddUser(40 + i, $"{201 + i}").DisplayName = $"Kollege {i}";
        }

        pbx.SetGroup(1, "Vertrieb", 40, 41, 42, 43, 44);
        pbx.SetGroup(2, "Lager", 44);
        pbx.SetGroup(3, "Empfang");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx).WithPatientPbxCalls();
        app.Settings["Pbx:ThreeCX:SettingsInterval"] = "00:00:00.300";
        var colleagues = app.Services.GetRequiredService<IColleagueStore>();

        await SnomPresenceApp.EventuallyAsync(async () => (await colleagues.ListGroupsAsync(default)).Count == 3, "the 3CX groups were stored");
        var groups = (await colleagues.ListGroupsAsync(default)).ToDictionary(g => g.Id.Value);
        pbx.SetGroup(2, "Lager Nord", 43, 44);
        pbx.RemoveGroup(3);
        await SnomPresenceApp.EventuallyAsync(
            async () => (await colleagues.ListGroupsAsync(default)) is [{ Name: "Vertrieb" }, { Name: "Lager Nord", Members.Count: 2 }],
            "the changed groups were read again");

        Assert.Equal(new ColleagueGroup(GroupId.Parse("3cx-1"), "Vertrieb", [.. new[] { "201", "202", "203", "204", "205" }.Select(Extension.Parse)], GroupSource.Pbx), groups["3cx-1"]);
        Assert.Equal([Extension.Parse("205")], groups["3cx-2"].Members);
        Assert.Empty(groups["3cx-3"].Members);
        // A page whose answer came after the attempt timeout (a loaded machine) is asked for again, the same.
        var requests = pbx.Requests.Where(r => r.Path == "/xapi/v1/Groups(1)/Members").Select(r => r.Query).Distinct().Take(3).ToArray();
        Assert.Contains("$skip=0", requests[0], StringComparison.Ordinal);
        Assert.Contains("$skip=2", requests[1], StringComparison.Ordinal);
        Assert.Contains("$skip=4", requests[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupFrom3cx_CannotBeChangedByAnAdmin_AndIsOfferedOnThePhone()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(40, "201");
        pbx.AddUser(41, "202").DisplayName = "Anna Müller";
        pbx.SetGroup(7, "Vertrieb", 40, 41);
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        var colleagues = app.Services.GetRequiredService<IColleagueStore>();
        await SnomPresenceApp.EventuallyAsync(async () => (await colleagues.ListGroupsAsync(default)).Count == 1, "the 3CX group was stored");
        using var admin = app.CreateAdminClient();
        using var phone = app.CreatePhoneClient();

        var put = await admin.PutAsJsonAsync("/api/groups/3cx-7", new { name = "Mine", members = new[] { "201" } });
        var delete = await admin.DeleteAsync("/api/groups/3cx-7");
        var groups = await PhonePage.GetAsync(phone, "/snom/colleagues?ext=201");
        var list = await PhonePage.GetAsync(phone, PhonePage.PathOf(groups.MenuItems[0].Url));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal("Vertrieb", Assert.Single(await colleagues.ListGroupsAsync(default)).Name);
        Assert.Equal(["Vertrieb", "Alle"], groups.MenuItems.Select(i => i.Name));
        Assert.Equal(["Anna Müller · Verfügbar"], list.Root.Elements("DirectoryEntry").Select(e => e.Element("Name")!.Value));
    }

    [Fact]
    public async Task GroupsRefusedBy3cx_UsersStillSync_AndAdminGroupsStay()
    {
        using var pbx = new FakeThreeCx { ForbidGroups = true };
        pbx.AddUser(40, "201", "Away");
        pbx.SetGroup(1, "Vertrieb", 40);
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:SettingsInterval"] = "00:00:00.300";
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201"))?.Status == PresenceStatus.Away, "the users were read");
        using var admin = app.CreateAdminClient();
        (await admin.PutAsJsonAsync("/api/groups/lager", new { name = "Lager", members = new[] { "201" } })).EnsureSuccessStatusCode();
        await SnomPresenceApp.EventuallyAsync(() => pbx.Requests.Count(r => r.Path == "/xapi/v1/Groups") >= 2, "the groups were asked for twice");

        var groups = await app.Services.GetRequiredService<IColleagueStore>().ListGroupsAsync(default);

        Assert.Equal(["lager"], groups.Select(g => g.Id.Value));
        Assert.Contains(app.Logs.Events, e => e.Properties.ContainsKey("PbxError") && e.MessageTemplate.Text.StartsWith("3CX refused to list its groups", StringComparison.Ordinal));
    }
}
