using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SnomPresence.Web.Tests.AdminUi;

/// <summary>The admin board in a real browser against the real service process.</summary>
public sealed class AdminBoardBrowserTests : IAsyncLifetime
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
            ["Snom:TimeZone"] = "Europe/Berlin",
        });
        using var phone = _service.CreateClient();
        foreach (var ext in new[] { "201", "202", "203" })
        {
            (await phone.GetAsync($"/snom/action/dnd-off?ext={ext}")).EnsureSuccessStatusCode();
        }

        (await phone.GetAsync("/snom/action/dnd-on?ext=202")).EnsureSuccessStatusCode();
        _browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _service.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SignIn_WithAWrongKey_ShowsWhy_AndTheRightKeyOpensTheBoard()
    {
        var context = await _browser.Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = _service.Address.ToString(), Locale = "de-DE" });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/signin"));
        await page.FillAsync("#key", "not-the-key-at-all");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator(".error")).ToHaveTextAsync("Der Schlüssel ist falsch.");

        await page.FillAsync("#key", SnomPresenceApp.ApiKey);
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("#ext-202 .badge")).ToHaveTextAsync("Nicht stören");
        await Expect(page.Locator("#ext-201 .badge")).ToHaveTextAsync("Verfügbar");
        await Expect(page.Locator("#ext-202 .internal")).ToHaveTextAsync("Besetztzeichen");
        await Expect(page.Locator("#live")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("on"));
        Assert.Equal(["201", "202", "203"], await page.Locator("#board tbody td.ext").AllTextContentsAsync());
    }

    [Fact]
    public async Task StatusSetOnOnePage_ShowsOnAnotherOpenPage_AndIsStored()
    {
        var first = await _browser.SignedInPageAsync(_service.Address, SnomPresenceApp.ApiKey);
        var second = await _browser.SignedInPageAsync(_service.Address, SnomPresenceApp.ApiKey);
        await Expect(second.Locator("#live")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("on"));

        await first.Locator("#ext-201 select[name=status]").SelectOptionAsync("lunch");
        await first.Locator("#ext-201 select[name=duration]").SelectOptionAsync("30");
        await first.Locator("#ext-201 button[type=submit]").ClickAsync();

        await Expect(second.Locator("#ext-201 .badge")).ToHaveTextAsync("Zu Tisch");
        await Expect(second.Locator("#ext-201 .until")).Not.ToBeEmptyAsync();
        using var admin = _service.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        var stored = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/201");
        Assert.Equal("lunch", stored.GetProperty("status").GetString());
        Assert.Equal("admin", stored.GetProperty("source").GetString());
        Assert.True(stored.TryGetProperty("expiresAt", out _));
    }

    [Fact]
    public async Task DndPressedOnAPhone_ShowsLive()
    {
        var page = await _browser.SignedInPageAsync(_service.Address, SnomPresenceApp.ApiKey);
        await Expect(page.Locator("#live")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("on"));
        await Expect(page.Locator("#ext-203 .badge")).ToHaveTextAsync("Verfügbar");

        using var phone = _service.CreateClient();
        (await phone.GetAsync("/snom/action/dnd-on?ext=203")).EnsureSuccessStatusCode();

        await Expect(page.Locator("#ext-203 .badge")).ToHaveTextAsync("Nicht stören");
        await Expect(page.Locator("#ext-203 .changed")).ToContainTextAsync("phone");
    }

    [Fact]
    public async Task SearchAndStatusFilter_ShowOnlyMatchingRows()
    {
        var page = await _browser.SignedInPageAsync(_service.Address, SnomPresenceApp.ApiKey);
        await Expect(page.Locator("#ext-203")).ToBeVisibleAsync();

        await page.FillAsync("#search", "202");
        await Expect(page.Locator("#ext-201")).ToBeHiddenAsync();
        await Expect(page.Locator("#ext-202")).ToBeVisibleAsync();

        await page.FillAsync("#search", string.Empty);
        await page.Locator("#status-filter").SelectOptionAsync("available");
        await Expect(page.Locator("#ext-202")).ToBeHiddenAsync();
        await Expect(page.Locator("#ext-201")).ToBeVisibleAsync();
        await Expect(page.Locator("#ext-203")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task English_LabelsTheBoardInEnglish()
    {
        var page = await _browser.SignedInPageAsync(_service.Address, SnomPresenceApp.ApiKey, "en");

        await Expect(page.Locator("#board th").First).ToHaveTextAsync("Extension");
        await Expect(page.Locator("#ext-202 .internal")).ToHaveTextAsync("Busy signal");
        await Expect(page.Locator("#ext-201 button[type=submit]")).ToHaveTextAsync("Set");
        await Screenshot(page.Locator("body"), "admin-board.png");
    }

    [Fact]
    public async Task DisplayPreview_DrawsTheStatusScreenAndTheMenuAsThePhoneShowsThem()
    {
        var page = await _browser.SignedInPageAsync(_service.Address, SnomPresenceApp.ApiKey);

        await page.Locator("#ext-202 button.link").ClickAsync();

        var display = page.Locator("#display");
        await Expect(display.Locator(".title")).ToHaveTextAsync("Nebenstelle 202");
        await Expect(display.Locator(".line").First).ToHaveTextAsync("Nicht stören");
        await Expect(display.Locator(".line").Nth(1)).ToHaveTextAsync("Intern: Besetztzeichen");
        Assert.Equal(["Status", "DND aus", "", "Ende"], await display.Locator(".softkey").AllTextContentsAsync());
        // The lab phones here name no model, so their page lights no LED, and neither does the preview.
        await Expect(display.Locator(".led")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("on"));
        await Screenshot(page.Locator("#details"), "display-preview.png");

        await page.Locator(".display-tabs button[data-screen=menu]").ClickAsync();

        await Expect(display.Locator(".menu-item.selected")).ToHaveTextAsync("» Nicht stören");
        await Expect(display.Locator(".menu-item")).ToHaveCountAsync(9);
    }

    [Fact]
    public async Task Forwarding_SetInTheDialog_IsStoredShownOnTheBoardAndInTheHistory()
    {
        var page = await _browser.SignedInPageAsync(_service.Address, SnomPresenceApp.ApiKey);
        await page.Locator("#ext-202 button.link").ClickAsync();

        var form = page.Locator("#forwarding");
        await form.Locator("select[name=status]").SelectOptionAsync("dnd");
        await form.Locator("select[name=slot]").SelectOptionAsync("internal");
        await form.Locator("select[name=kind]").SelectOptionAsync("extension");
        await form.Locator("input[name=number]").FillAsync("203");
        await form.Locator("button[type=submit]").ClickAsync();

        await Expect(page.Locator("#ext-202 .internal")).ToHaveTextAsync("Nebenstelle 203");
        await Expect(page.Locator("#display .line").Nth(1)).ToHaveTextAsync("Intern: Nebenstelle 203");
        await Expect(page.Locator("#history tbody tr").First).ToContainTextAsync("forwarding");
        using var admin = _service.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        var stored = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/202/forwarding");
        Assert.Equal("203", stored.GetProperty("dnd").GetProperty("internal").GetProperty("number").GetString());

        await form.Locator("select[name=kind]").SelectOptionAsync("external");
        await form.Locator("input[name=number]").FillAsync("12");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#forwarding-error")).Not.ToBeEmptyAsync();
    }

    [Fact]
    public async Task Phones_AddImportShowTheFileAndRotateTheToken()
    {
        var page = await _browser.SignedInPageAsync(_service.Address, SnomPresenceApp.ApiKey);
        await page.GotoAsync("/admin/phones?lang=de");

        var form = page.Locator("#phone");
        await form.Locator("input[name=mac]").FillAsync("00:04:13:a1:1f:a7");
        await form.Locator("input[name=model]").FillAsync("D785");
        await form.Locator("input[name=extensions]").FillAsync("201 202");
        await form.Locator("input[name=displayName]").FillAsync("Empfang");
        await form.Locator("button[type=submit]").ClickAsync();

        await Expect(page.Locator("#phone-result")).ToContainTextAsync("Das Token wird nur jetzt angezeigt:");
        await Expect(page.Locator("#phone-000413A11FA7")).ToContainTextAsync("201 202");

        await page.FillAsync("#csv", "mac,model,extensions\n000413000002,D385,203\n00041300,D385,204\n");
        await page.ClickAsync("#dry-run");
        await Expect(page.Locator("#import-report tr").Nth(1)).ToContainTextAsync("3");
        await Expect(page.Locator("#import-report tr").Nth(1)).ToContainTextAsync("mac");
        await Expect(page.Locator("#phone-000413000002")).ToHaveCountAsync(0);
        // Not only absent from the page: the dry run stored nothing.
        using (var admin = _service.CreateClient())
        {
            admin.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync("/api/phones/000413000002")).StatusCode);
        }

        await page.FillAsync("#csv", "mac,model,extensions\n000413000002,D385,203\n");
        await page.ClickAsync("#import");
        await Expect(page.Locator("#phone-000413000002")).ToContainTextAsync("D385");

        await page.Locator("#phone-000413A11FA7 button").Nth(1).ClickAsync();
        await Expect(page.Locator("#output")).ToContainTextAsync("action_dnd_on_url");
        var before = await page.Locator("#output").TextContentAsync();
        await page.Locator("#phone-000413A11FA7 button").Nth(2).ClickAsync();
        await Expect(page.Locator("#output")).Not.ToHaveTextAsync(before!);
        await Expect(page.Locator("#phone-result")).ToContainTextAsync("Das Token wird nur jetzt angezeigt:");
    }

    private static async Task Screenshot(ILocator what, string name)
    {
        var folder = Environment.GetEnvironmentVariable("SNOMPRESENCE_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            await what.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, name) });
        }
    }
}
