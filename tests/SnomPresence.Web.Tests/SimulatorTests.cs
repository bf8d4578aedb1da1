using System.Net.Http.Json;

namespace SnomPresence.Web.Tests;

/// <summary>The phone simulator, run non-interactively against the real service process, as a phone of the inventory with its token.</summary>
public sealed class SimulatorTests : IAsyncLifetime
{
    private const string Mac = "000413000201";

    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-sim-").FullName;
    private ServiceProcess _service = null!;
    private readonly int _phonePort = FakeSnomPhone.FreePort("127.0.0.1");
    private string _token = null!;

    private Dictionary<string, string> Settings => new()
    {
        ["Store:Sqlite:Path"] = Path.Combine(_folder, "presence.db"),
        ["Admin:ApiKey"] = SnomPresenceApp.ApiKey,
        ["Phones:RequireToken"] = "true",
        ["Phones:Push:Port"] = _phonePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // The service knows its public address, so it can tell a phone which page to open.
    public async Task InitializeAsync()
    {
        _service = await ServiceProcess.StartAsync(Settings, publishOwnAddress: true);
        using var admin = Admin();
        var created = await admin.PutAsJsonAsync($"/api/phones/{Mac}", new { model = "D785", extensions = new[] { "201" } });
        _token = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task PressDnd_RightAfterBoot_EndsInDndOnThePhoneItsLedAndTheStore()
    {
        // Pressed as soon as the phone is up, the key may overtake the boot push (DND off) on its way; the phone
        // echoes that push when it lands, and the service puts the phone back on DND before things settle. The LED
        // page then closes the minibrowser, so the phone shows its own idle screen.
        var screen = await RunAsync("--press", "DND", "--settle", "--dump");

        Assert.True(screen.Contains("DND on   LED on red", StringComparison.Ordinal), screen);
        using var admin = Admin();
        var state = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/extensions/201");
        Assert.Equal("dnd", state.GetProperty("status").GetString());
        Assert.Equal("phone", state.GetProperty("source").GetString());
    }

    [Fact]
    public async Task PressDnd_Dump_ShowsDndScreenAndLed()
    {
        // The boot's LED page closes the minibrowser, as on the phone; the user opens the status screen with the Status key.
        var screen = await RunAsync("--settle", "--press", "DND", "--settle", "--press", "STATUS", "--dump");

        Assert.True(screen.Contains("│Nicht stören", StringComparison.Ordinal), screen);
        Assert.True(screen.Contains("│Intern: Besetztzeichen", StringComparison.Ordinal), screen);
        Assert.True(screen.Contains("[F2 DND aus]", StringComparison.Ordinal), screen);
        Assert.True(screen.Contains("DND on   LED on red", StringComparison.Ordinal), screen);
    }

    [Fact]
    public async Task MenuKeysAndInput_SetAShortTermStatusForTypedMinutes()
    {
        // Once the boot's LED page has closed the minibrowser, the Status key opens the status screen; F1 opens the
        // menu, 6 the short-term status, 3 Zu Tisch; then "Minuten eingeben" and 45 typed in.
        var screen = await RunAsync("--settle", "--press", "STATUS", "--press", "F1", "--press", "6", "--press", "3", "--select", "Minuten eingeben", "--input", "45", "--dump");

        Assert.True(screen.Contains("│Zu Tisch", StringComparison.Ordinal), screen);
        Assert.True(screen.Contains("│bis ", StringComparison.Ordinal), screen);
        using var admin = Admin();
        var state = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/extensions/201");
        Assert.Equal("lunch", state.GetProperty("status").GetString());
        Assert.True(state.TryGetProperty("expiresAt", out _));
    }

    [Fact]
    public async Task AdminChange_IsPushedToTheSimulatedPhone()
    {
        using var admin = Admin();

        var run = RunAsync("--wait", "4000", "--dump");
        await SnomPresenceApp.EventuallyAsync(async () => (await admin.GetAsync("/api/extensions/201")).IsSuccessStatusCode, "the simulated phone booted");
        await Task.Delay(500);
        (await admin.PutAsJsonAsync("/api/extensions/201/status", new { status = "dnd" })).EnsureSuccessStatusCode();
        var screen = await run;

        Assert.True(screen.Contains("DND on   LED on red", StringComparison.Ordinal), screen);
        var state = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/extensions/201");
        Assert.Equal("admin", state.GetProperty("source").GetString());
    }

    [Fact]
    public async Task D713_PressDnd_LightsTheLedOfItsOwnStatusKeyAndNoOther()
    {
        // The D713's line-key LEDs start at 1, so its Status key (idx 1) has LED 2, not the D785's 6.
        var screen = await RunAsync("--model", "D713", "--settle", "--press", "DND", "--settle", "--press", "STATUS", "--dump");

        Assert.True(screen.Contains("│Nicht stören", StringComparison.Ordinal), screen);
        Assert.True(screen.Contains("DND on   LED on red", StringComparison.Ordinal), screen);
        Assert.False(screen.Contains("not the Status key's", StringComparison.Ordinal), screen);
    }

    [Fact]
    public async Task D865WithFirmwareBefore10_1_198_IsNotOfferedTypedMinutes()
    {
        var screen = await RunAsync("--model", "D865", "--firmware", "10.1.184.15", "--settle", "--press", "STATUS", "--press", "F1", "--press", "6", "--press", "3", "--dump");

        Assert.True(screen.Contains("30 Minuten", StringComparison.Ordinal), screen);
        Assert.False(screen.Contains("Minuten eingeben", StringComparison.Ordinal), screen);
    }

    [Fact]
    public async Task TypedNumberWithPlus_GoesIntoTheUrlAsTypedAndIsStoredWithThePlus()
    {
        var screen = await RunAsync(
            "--settle", "--press", "STATUS", "--press", "F1", "--select", "Umleitungen", "--select", "Nicht stören", "--select", "Extern", "--select", "Externe Nummer", "--input", "+4917012345678", "--dump");

        Assert.True(screen.Contains("Extern: +4917012345678", StringComparison.Ordinal), screen);
        using var admin = Admin();
        var forwarding = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/extensions/201/forwarding");
        Assert.Equal("+4917012345678", forwarding.GetProperty("dnd").GetProperty("external").GetProperty("number").GetString());
    }

    private HttpClient Admin()
    {
        var client = _service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        return client;
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var (exit, output, errors) = await ServiceProcess.RunToExitAsync(
            "SnomPresence.PhoneSimulator", "snom-phone-sim.dll", ["--service", _service.Address.ToString(), "--mac", Mac, "--token", _token, "--listen", $"127.0.0.1:{_phonePort}", .. args]);
        Assert.True(exit == 0, $"The simulator exited with {exit}: {errors}");
        return output;
    }
}
