using Microsoft.Playwright;

namespace SnomPresence.Web.Tests.AdminUi;

/// <summary>
/// Debian's Chromium, driven by Playwright, headless: the browser's own download cannot work here, so the test
/// command installs the distribution's package. A missing browser fails the test; it never skips.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("SNOMPRESENCE_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No Chromium at {path}: run scripts/test.sh, which installs Debian's chromium, or set SNOMPRESENCE_CHROMIUM.");
        }

        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            // This machine's network is closed: background traffic would only fail, many times over.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new Browser(playwright, chromium);
    }

    /// <summary>A fresh browser profile (own cookies) signed in to the admin pages.</summary>
    public async Task<IPage> SignedInPageAsync(Uri service, string key, string lang = "de")
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = service.ToString(), Locale = lang });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/admin/?lang={lang}");
        await page.FillAsync("#key", key);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/admin/**");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
