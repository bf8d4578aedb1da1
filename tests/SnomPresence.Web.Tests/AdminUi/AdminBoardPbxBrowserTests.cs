using SnomPresence.Web.Tests.Pbx;
using static Microsoft.Playwright.Assertions;

namespace SnomPresence.Web.Tests.AdminUi;

/// <summary>The board of a service that syncs with 3CX, in a real browser: what 3CX refused is marked on its row.</summary>
public sealed class AdminBoardPbxBrowserTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-ui-pbx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ChangeRefusedBy3cx_MarksTheRowWithTheReason_AndTheMarkGoesWhenItIsDelivered()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        pbx.AddUser(43, "202");
        pbx.Forbid(42);
        await using var service = await ServiceProcess.StartAsync(pbx.ProcessSettings(_folder));
        await pbx.WaitForFirstPollAsync();
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.SignedInPageAsync(service.Address, SnomPresenceApp.ApiKey);
        await Expect(page.Locator("#live")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("on"));

        using var client = service.CreateClient();
        (await client.GetAsync("/snom/action/dnd-on?ext=201")).EnsureSuccessStatusCode();

        var marker = page.Locator("#ext-201 .parked");
        await Expect(marker).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(marker).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("Von 3CX abgelehnt.*403"));
        await Expect(page.Locator("#ext-202 .parked")).ToHaveCountAsync(0);

        pbx.Forbid(42, forbidden: false);
        client.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        (await client.PostAsync("/api/extensions/201/pbx-retry", null)).EnsureSuccessStatusCode();

        await Expect(marker).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        Assert.Equal("Out of office", pbx.User("201").Profile);
    }
}
