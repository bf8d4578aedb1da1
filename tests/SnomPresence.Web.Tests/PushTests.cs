using System.Net.Http.Json;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

public class PushTests
{
    private const string Mac = "000413A11FA7";

    private static SnomPresenceApp AppFor(FakeSnomPhone phone)
    {
        var app = new SnomPresenceApp().PushingTo(phone);
        app.Settings["Snom:PublicBaseUrl"] = "https://presence.example.de";
        return app;
    }

    private static async Task BootAsync(HttpClient client, FakeSnomPhone phone, string ext = "201")
    {
        var response = await client.GetAsync($"/snom/action/setup?ext={ext}&mac={Mac}&ip={phone.Address}");
        Assert.True(response.IsSuccessStatusCode);
        await SnomPresenceApp.EventuallyAsync(() => phone.Accepted.Any(r => r.PathAndQuery.StartsWith("/minibrowser.htm", StringComparison.Ordinal)), "the boot push arrived");
    }

    [Fact]
    public async Task Setup_AfterBoot_PushesCurrentDndAndTheStatusScreen()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await client.GetAsync("/snom/action/dnd-on?ext=201");

        await BootAsync(client, phone);

        Assert.True(phone.Dnd);
        Assert.Equal(
            ["/dummy.htm?settings=save&dnd_mode=on", "/minibrowser.htm?url=" + Uri.EscapeDataString($"https://presence.example.de/snom/status?ext=201&mac={Mac}")],
            phone.Accepted.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task AdminSetsDnd_PhoneFollowsWithBasicCredentials()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone);
        var before = phone.Accepted.Count;

        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true && phone.Accepted.Count == before + 2, "the phone switched DND on and shows the status");
        Assert.Contains(phone.AuthorizationHeaders, h => h is not null && h.StartsWith("Basic ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProvisionedPhone_IsPushedWithItsOwnWebLogin_AndOpensAPageCarryingItsToken(bool digest)
    {
        using var phone = new FakeSnomPhone(digest);
        await using var app = new SnomPresenceApp().WithProvisioning().PushingTo(phone, sharedLogin: false);
        using var admin = app.CreateAdminClient();
        var created = await admin.PutAsJsonAsync($"/api/phones/{Mac}", new
        {
            model = "D785", extensions = new[] { "201" }, webUser = FakeSnomPhone.User, webPassword = FakeSnomPhone.Password,
        });
        var token = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        using var client = app.CreatePhoneClient(phone);
        Assert.True((await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}&token={token}&ip={phone.Address}")).IsSuccessStatusCode);
        await SnomPresenceApp.EventuallyAsync(() => phone.Accepted.Any(r => r.PathAndQuery.StartsWith("/minibrowser.htm", StringComparison.Ordinal)), "the boot push arrived");

        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the phone switched DND on");
        var opened = phone.Accepted.Last(r => r.PathAndQuery.StartsWith("/minibrowser.htm", StringComparison.Ordinal)).PathAndQuery;
        var page = Uri.UnescapeDataString(opened["/minibrowser.htm?url=".Length..]);
        Assert.Equal($"{SnomPresenceApp.PublicBaseUrl}/snom/status?ext=201&mac={Mac}&token={token}", page);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(new Uri(page).PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task PhoneThatKeepsFailing_DoesNotCutOffTheOtherPhones()
    {
        using var healthy = new FakeSnomPhone();
        using var broken = new FakeSnomPhone(host: "127.0.0.3", port: healthy.Port);
        broken.FailNext(int.MaxValue);
        await using var app = AppFor(healthy);
        using var client = app.CreatePhoneClient(healthy);
        using var brokenClient = app.CreatePhoneClient(broken);
        Assert.True((await brokenClient.GetAsync($"/snom/action/setup?ext=202&mac=000413000202&ip={broken.Address}")).IsSuccessStatusCode);
        await BootAsync(client, healthy);

        // Well past the hundred failed calls that open a circuit shared by all phones. Changes made while a push to
        // the broken phone runs wait as one, so changes keep coming until it has failed often enough.
        var toggles = 0;
        await SnomPresenceApp.EventuallyAsync(async () =>
        {
            await app.SetStatusAsync("202", toggles++ % 2 == 0 ? "dnd" : "available");
            await Task.Delay(10);
            return broken.Failed >= 110;
        }, "the broken phone was tried again and again");
        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => healthy.Dnd == true, "the healthy phone still switched DND on");
    }

    [Fact]
    public async Task AdminSetsDnd_PhoneWithDigest_IsAuthenticated()
    {
        using var phone = new FakeSnomPhone(digest: true);
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone);

        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the phone switched DND on");
        Assert.Contains(phone.AuthorizationHeaders, h => h is not null && h.StartsWith("Digest ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PushEcho_DndOffFiredByThePhone_DoesNotOverwriteAway()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await client.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}&ip={phone.Address}");
        await BootAsync(client, phone);

        await app.SetStatusAsync("201", "away");
        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == false, "the phone switched DND off");
        // The phone reports its DND change through the action URL, as Snom phones may.
        await client.GetAsync($"/snom/action/dnd-off?ext=201&mac={Mac}&ip={phone.Address}");

        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Away, state!.Status);
        Assert.Equal(ChangeSource.Admin, state.Source);

        // A real key press afterwards counts again.
        await client.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}&ip={phone.Address}");
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
    }

    [Fact]
    public async Task PushThePhoneNeverTook_DoesNotSwallowItsNextRealPress()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await client.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}&ip={phone.Address}");
        phone.FailNext(int.MaxValue);

        await app.SetStatusAsync("201", "lunch");
        await app.Logs.WaitForAsync(e => e.EventId() == 5002);
        // The phone is still in DND, so its user switches it off: a key press, not the echo of the failed push.
        await client.GetAsync($"/snom/action/dnd-off?ext=201&mac={Mac}&ip={phone.Address}");

        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Available, state!.Status);
        Assert.Equal(ChangeSource.Phone, state.Source);
    }

    [Fact]
    public async Task DndKeyOnThePhone_IsNotPushedBack()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone);
        var before = phone.Accepted.Count;

        await client.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}&ip={phone.Address}");
        await Task.Delay(500);

        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
        Assert.Equal(before, phone.Accepted.Count);
    }

    [Fact]
    public async Task Push_PhoneFailsTwice_IsRetried()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone);

        phone.FailNext(2);
        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the phone switched DND on after two failures");
    }

    [Fact]
    public async Task Push_SlowPhone_CallsRunOneAfterAnother_AndNeverDelayTheChange()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone);
        phone.Delay = TimeSpan.FromMilliseconds(300);
        var before = phone.Accepted.Count;

        var started = TimeProvider.System.GetTimestamp();
        await app.SetStatusAsync("201", "dnd");
        await app.SetStatusAsync("201", "available");
        await app.SetStatusAsync("201", "dnd");
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        // The first change is sent at once; the two made while it runs wait as one push of the latest state.
        await SnomPresenceApp.EventuallyAsync(
            () => phone.Accepted.Skip(before).Count(r => r.PathAndQuery.StartsWith("/minibrowser.htm", StringComparison.Ordinal)) == 2, "the latest change was shown");
        Assert.True(elapsed < TimeSpan.FromMilliseconds(900), $"three admin changes took {elapsed.TotalMilliseconds} ms; they must not wait for the phone");
        var calls = phone.Accepted.Skip(before).ToList();
        Assert.All(calls.Zip(calls.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromMilliseconds(250), "calls to one phone overlap"));
        Assert.True(phone.Dnd);
        // The job waiting behind the slow first one pushes the state it finds: the phone goes into DND once
        // instead of on, off and on again.
        Assert.Equal(["/dummy.htm?settings=save&dnd_mode=on"], calls.Select(r => r.PathAndQuery).Where(p => p.StartsWith("/dummy.htm", StringComparison.Ordinal)));
    }
}
