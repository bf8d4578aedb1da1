using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SnomPresence.Web.Tests.AdminUi;

/// <summary>
/// The admin API's interactive reference (/admin/api) in a real browser against the real service process, with every
/// request that leaves the service refused, as on a server without internet access.
/// </summary>
public sealed class AdminApiReferenceBrowserTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-ui-").FullName;
    private ServiceProcess _service = null!;
    private Browser _browser = null!;

    public async Task InitializeAsync()
    {
        _service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Store:Sqlite:Path"] = Path.Combine(_folder, "presence.db"),
            ["Admin:ApiKey"] = SnomPresenceApp.ApiKey,
        });
        _browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _service.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Reference_LinkedFromTheBoard_ShowsTheAdminApi_WithoutExternalAssetsOrPolicyViolations()
    {
        var page = await _browser.SignedInPageAsync(_service.Address, SnomPresenceApp.ApiKey, "en");
        var outside = new ConcurrentQueue<string>();
        var complaints = new ConcurrentQueue<string>();
        await page.Context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == _service.Address.Authority)
            {
                await route.ContinueAsync();
                return;
            }

            outside.Enqueue(route.Request.Url);
            await route.AbortAsync();
        });
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                complaints.Enqueue(message.Text);
            }
        };

        await page.Locator("nav a[href^='/admin/api']").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/api"));
        await Expect(page.GetByText("Sets the status, optionally until expiresAt").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByText("Phones", new() { Exact = true }).First.ClickAsync();
        await Expect(page.GetByText("Imports phones from CSV: all rows or none").First).ToBeVisibleAsync();
        Assert.Empty(outside);
        Assert.DoesNotContain(complaints, c => c.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Reference_WithoutSignIn_LeadsToTheSignInPage()
    {
        var context = await _browser.Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.Address.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin/api/");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/signin"));
    }
}
