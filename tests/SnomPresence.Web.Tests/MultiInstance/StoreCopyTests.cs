using System.Net.Http.Json;
using System.Text.Json;
using SnomPresence.Presence;
using SnomPresence.Web.Tests.Pbx;

namespace SnomPresence.Web.Tests.MultiInstance;

public sealed class PostgresStoreCopyTests() : StoreCopyTests("Postgres");

public sealed class RedisStoreCopyTests() : StoreCopyTests("Redis");

/// <summary><c>store copy</c>: an installation on SQLite moves to a shared store with everything it holds.</summary>
public abstract class StoreCopyTests(string provider) : IAsyncLifetime
{
    private SharedStore _store = null!;

    public async Task InitializeAsync() => _store = await SharedStore.CreateAsync(provider);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Copy_MovesPresenceNamesHistoryOutboxParkedChangesPhonesInventoryGroupsAndFavourites_AndRefusesASecondCopy()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(1, "201").DisplayName = "Erika Muster";
        pbx.AddUser(2, "202");
        pbx.Forbid(2);
        await using var sqlite = new SnomPresenceApp().WithThreeCx(pbx).WithProvisioning();
        var token = await sqlite.AddPhoneAsync("000413A11FA7", "D785", "201");
        var sourceOutbox = (IPbxOutbox)sqlite.Services.GetService(typeof(IPbxOutbox))!;
        using (var phone = sqlite.CreatePhoneClient())
        {
            phone.DefaultRequestHeaders.Add(SnomPresenceApp.RemoteAddressHeader, "192.0.2.10");
            await SnomPresenceApp.EventuallyAsync(async () => (await sqlite.GetStoredStateAsync("201"))?.Name is not null, "the poll stored 201's name");
            await sqlite.SetStatusAsync("202", "dnd");
            await SnomPresenceApp.EventuallyAsync(async () => (await sourceOutbox.ListParkedAsync(default)).Count == 1, "3CX's refusal of 202 is parked");
            pbx.Stop();
            await phone.GetAsync($"/snom/action/dnd-on?ext=201&mac=000413A11FA7&token={token}");
            await phone.GetAsync($"/snom/action/dnd-off?ext=201&mac=000413A11FA7&token={token}");
            await phone.GetAsync($"/snom/forwarding/set?ext=201&mac=000413A11FA7&token={token}&status=dnd&slot=internal&kind=extension&number=202");
        }

        await sqlite.SetStatusAsync("201", "lunch", TimeProvider.System.GetUtcNow().AddHours(1));
        using (var sourceAdmin = sqlite.CreateAdminClient())
        {
            (await sourceAdmin.PutAsJsonAsync("/api/groups/vertrieb", new { name = "Vertrieb", members = new[] { "202", "201" } })).EnsureSuccessStatusCode();
            (await sourceAdmin.PutAsJsonAsync("/api/extensions/201/favourites", new { favourites = new[] { "202" } })).EnsureSuccessStatusCode();
        }

        var history = await sqlite.GetHistoryAsync("201");
        var otherHistory = await sqlite.GetHistoryAsync("202");
        var state = await sqlite.GetStoredStateAsync("201");
        var waiting = Assert.Single(await sourceOutbox.PeekAsync(10, default));
        var parked = Assert.Single(await sourceOutbox.ListParkedAsync(default));
        await sqlite.StopAsync();

        var (exit, output, errors) = await RunCopyAsync(sqlite.DatabasePath);

        Assert.True(exit == 0, errors);
        // Output to a pipe, as from a script: the result only, no progress lines.
        Assert.DoesNotContain('\r', output);
        Assert.Contains($"2 extension(s) with {history.Count + otherHistory.Count} history entries, 2 change(s) waiting for the PBX, 1 known phone address(es), 1 phone(s) in the inventory, 1 group(s), favourites of 1 extension(s)", output, StringComparison.Ordinal);
        await using var shared = new SnomPresenceApp().WithProvisioning();
        foreach (var (key, value) in _store.Settings)
        {
            shared.Settings[key] = value;
        }

        var copied = (await shared.GetStoredStateAsync("201"))!;
        // Stores keep milliseconds; the state read before came from the cache, with the clock's full precision.
        Assert.Equal(state! with { Since = Ms(state.Since), ExpiresAt = Ms(state.ExpiresAt!.Value) }, copied);
        Assert.Equal(new ExtensionName("Erika Muster", NameSource.Pbx), copied.Name);
        Assert.Equal(history, await shared.GetHistoryAsync("201"));
        using var phoneOnShared = shared.CreatePhoneClient();
        var page = await PhonePage.GetAsync(phoneOnShared, $"/snom/status?ext=201&mac=000413A11FA7&token={token}");
        Assert.Equal("Zu Tisch", page.Lines[0]);
        using var admin = shared.CreateAdminClient();
        Assert.Equal("D785", (await admin.GetFromJsonAsync<JsonElement>("/api/phones/000413A11FA7")).GetProperty("model").GetString());
        var outbox = (IPbxOutbox)shared.Services.GetService(typeof(IPbxOutbox))!;
        // The change still waiting keeps the forwarding slot it touched; the parked one its reason.
        // Failed attempts may still have been counted after it was read here, while 3CX was down.
        Assert.Equal(waiting with { Attempts = 0 }, Assert.Single(await outbox.PeekAsync(10, default)) with { Attempts = 0 });
        Assert.Equal(ForwardingSlotSet.Empty.With(PresenceStatus.Dnd, ForwardingSlot.Internal), waiting.Slots);
        Assert.Equal(parked, Assert.Single(await outbox.ListParkedAsync(default)));
        var group = await admin.GetFromJsonAsync<JsonElement>("/api/groups/vertrieb");
        Assert.Equal(["202", "201"], group.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        var favourites = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/201/favourites");
        Assert.Equal(["202"], favourites.GetProperty("favourites").EnumerateArray().Select(f => f.GetString()));

        var (again, _, refused) = await RunCopyAsync(sqlite.DatabasePath);
        Assert.Equal(1, again);
        Assert.Contains("not empty", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_IntoSqlite_IsRefusedNamingTheProvider()
    {
        await using var sqlite = new SnomPresenceApp();
        await sqlite.CreateExtensionAsync("201");
        await sqlite.StopAsync();

        var (exit, _, errors) = await RunAsync(["store", "copy", "--from", sqlite.DatabasePath]);

        Assert.Equal(1, exit);
        Assert.Contains("Store:Provider must be Postgres or Redis", errors, StringComparison.Ordinal);
    }

    private static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private Task<(int Exit, string Output, string Errors)> RunCopyAsync(string from) =>
        RunAsync(["store", "copy", "--from", from, .. _store.Settings.Select(s => $"--{s.Key}={s.Value}")]);

    private static Task<(int Exit, string Output, string Errors)> RunAsync(string[] args) =>
        ServiceProcess.RunToExitAsync("SnomPresence.Web", "SnomPresence.Web.dll", args);
}
