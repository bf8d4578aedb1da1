using System.Net.Http.Json;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

public class PushTests
{
    private const string Mac = "000413A11FA7";

    /// <summary>The Status key of the shipped D7xx template is fkey idx 1, and a D785's first key LED is 5 (docs/snom.md).</summary>
    private const int D785StatusKeyLed = 6;

    private static SnomPresenceApp AppFor(FakeSnomPhone phone)
    {
        var app = new SnomPresenceApp().PushingTo(phone);
        app.Settings["Snom:PublicBaseUrl"] = "https://presence.example.de";
        return app;
    }

    /// <summary>A provisioned D785 with the fake phone's web login; answers its token.</summary>
    private static async Task<string> AddD785Async(SnomPresenceApp app, string model = "D785", string mac = Mac, string ext = "201")
    {
        using var admin = app.CreateAdminClient();
        var created = await admin.PutAsJsonAsync($"/api/phones/{mac}", new
        {
            model, extensions = new[] { ext }, webUser = FakeSnomPhone.User, webPassword = FakeSnomPhone.Password,
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
    }

    private static async Task BootAsync(HttpClient client, FakeSnomPhone phone, string ext = "201", string? token = null)
    {
        var response = await client.GetAsync($"/snom/action/setup?ext={ext}&mac={Mac}&ip={phone.Address}{(token is null ? string.Empty : "&token=" + token)}");
        Assert.True(response.IsSuccessStatusCode);
        await SnomPresenceApp.EventuallyAsync(() => phone.Accepted.Any(r => r.PathAndQuery.StartsWith("/dummy.htm", StringComparison.Ordinal)), "the boot push arrived");
    }

    private static IEnumerable<string> Pages(FakeSnomPhone phone) =>
        phone.Accepted.Select(r => r.PathAndQuery).Where(p => p.StartsWith("/minibrowser.htm", StringComparison.Ordinal))
            .Select(p => Uri.UnescapeDataString(p["/minibrowser.htm?url=".Length..]));

    [Fact]
    public async Task Setup_AfterBoot_PushesCurrentDnd_AndAProvisionedModelsLedPage()
    {
        using var phone = new FakeSnomPhone();
        await using var app = new SnomPresenceApp().WithProvisioning().PushingTo(phone, sharedLogin: false);
        var token = await AddD785Async(app);
        using var client = app.CreatePhoneClient(phone);
        await client.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}&token={token}");

        await BootAsync(client, phone, token: token);
        await SnomPresenceApp.EventuallyAsync(() => Pages(phone).Any(), "the LED page was opened");

        Assert.True(phone.Dnd);
        // The key press already set the LED once; the boot sets it again, whatever the phone lost.
        Assert.All(Pages(phone), p => Assert.Equal($"{SnomPresenceApp.PublicBaseUrl}/snom/led?ext=201&mac={Mac}&token={token}", p));
        var led = await PhonePage.GetAsync(client, new Uri(Pages(phone).Last()).PathAndQuery);
        Assert.Equal((D785StatusKeyLed, "red", "on"), led.Led);
        Assert.Equal((1, SnomPresence.Web.Phone.PhoneContext.Exit), led.Fetch);
    }

    [Fact]
    public async Task LabPhone_OfUnknownModel_IsPushedDndButNoPage()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone);

        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the phone switched DND on");
        Assert.Empty(Pages(phone));
        Assert.Contains(phone.AuthorizationHeaders, h => h is not null && h.StartsWith("Basic ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProvisionedPhone_IsPushedWithItsOwnWebLogin_AndItsLedPageCarriesItsToken(bool digest)
    {
        using var phone = new FakeSnomPhone(digest);
        await using var app = new SnomPresenceApp().WithProvisioning().PushingTo(phone, sharedLogin: false);
        var token = await AddD785Async(app);
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone, token: token);

        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true && Pages(phone).Count() == 2, "the phone switched DND on and lit its LED");
        var page = Pages(phone).Last();
        Assert.Equal($"{SnomPresenceApp.PublicBaseUrl}/snom/led?ext=201&mac={Mac}&token={token}", page);
        Assert.Equal((D785StatusKeyLed, "red", "on"), (await PhonePage.GetAsync(client, new Uri(page).PathAndQuery)).Led);
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
        await client.GetAsync(phone.Press(true, $"ext=201&mac={Mac}"));
        await BootAsync(client, phone);

        await app.SetStatusAsync("201", "away");
        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == false, "the phone switched DND off");
        // The phone reports its DND change through the action URL, as Snom phones may.
        await client.GetAsync($"/snom/action/dnd-off?ext=201&mac={Mac}");

        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Away, state!.Status);
        Assert.Equal(ChangeSource.Admin, state.Source);

        // A real key press afterwards counts again.
        await client.GetAsync(phone.Press(true, $"ext=201&mac={Mac}"));
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
    }

    [Fact]
    public async Task PressOvertakingTheBootPush_EndsOnThePressedMode_AndTheLatePushsEchoIsNoPress()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await client.GetAsync(phone.Press(true, $"ext=201&mac={Mac}"));
        phone.Delay = TimeSpan.FromSeconds(1);

        // The phone boots in DND; the boot push (DND on) is on its way, answered in a second, when its user already
        // switches DND off.
        Assert.True((await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}&ip={phone.Address}")).IsSuccessStatusCode);
        await SnomPresenceApp.EventuallyAsync(() => phone.Arrived.Any(r => r.Contains("dnd_mode", StringComparison.Ordinal)), "the boot push reached the phone");
        Assert.True((await client.GetAsync(phone.Press(false, $"ext=201&mac={Mac}"))).IsSuccessStatusCode);
        Assert.Equal(PresenceStatus.Available, (await app.GetStoredStateAsync("201"))!.Status);
        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the overtaken boot push landed");
        // The phone reports the mode the late push set, as Snom phones may: the echo of the push, not a press.
        Assert.True((await client.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}")).IsSuccessStatusCode);

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == false, "the phone was put back on the pressed mode");
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Available, state!.Status);
        Assert.Equal(ChangeSource.Phone, state.Source);
        Assert.Equal(["dnd_mode=on", "dnd_mode=off"], phone.Accepted.Select(r => r.PathAndQuery).Where(p => p.Contains("dnd_mode", StringComparison.Ordinal)).Select(p => p[p.IndexOf("dnd_mode", StringComparison.Ordinal)..]));
    }

    [Fact]
    public async Task PushThatTimedOutButLanded_IsFollowedByTheNextChange_EvenOfTheModeThePhoneWasThoughtToHave()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        app.Settings["Phones:Resilience:AttemptTimeout:Timeout"] = "00:00:00.200";
        app.Settings["Phones:Resilience:TotalRequestTimeout:Timeout"] = "00:00:00.600";
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone);

        // The phone takes the push, but answers only after the service stopped waiting: the push counts as failed.
        phone.LateAnswer = TimeSpan.FromSeconds(1);
        await app.SetStatusAsync("201", "dnd");
        await app.Logs.WaitForAsync(e => e.EventId() == 5002);
        Assert.True(phone.Dnd);
        phone.LateAnswer = TimeSpan.Zero;

        // Abwesend means DND off, which the service last knew the phone to have; after the uncertain push it is sent anyway.
        await app.SetStatusAsync("201", "away");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == false, "the phone left DND for Abwesend");
    }

    [Fact]
    public async Task PushThePhoneNeverTook_DoesNotSwallowItsNextRealPress()
    {
        using var phone = new FakeSnomPhone();
        await using var app = AppFor(phone);
        using var client = app.CreatePhoneClient(phone);
        await client.GetAsync(phone.Press(true, $"ext=201&mac={Mac}"));
        phone.FailNext(int.MaxValue);

        await app.SetStatusAsync("201", "lunch");
        await app.Logs.WaitForAsync(e => e.EventId() == 5002);
        // The phone is still in DND, so its user switches it off: a key press, not the echo of the failed push.
        await client.GetAsync(phone.Press(false, $"ext=201&mac={Mac}"));

        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(PresenceStatus.Available, state!.Status);
        Assert.Equal(ChangeSource.Phone, state.Source);
    }

    [Fact]
    public async Task DndKeyOnAProvisionedPhone_IsNotPushedBack_ButItsStatusKeyLedFollows()
    {
        using var phone = new FakeSnomPhone();
        await using var app = new SnomPresenceApp().WithProvisioning().PushingTo(phone, sharedLogin: false);
        var token = await AddD785Async(app);
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone, token: token);
        await SnomPresenceApp.EventuallyAsync(() => Pages(phone).Count() == 1, "the boot LED page was opened");
        var dndPushes = phone.Accepted.Count(r => r.PathAndQuery.StartsWith("/dummy.htm", StringComparison.Ordinal));

        await client.GetAsync(phone.Press(true, $"ext=201&mac={Mac}&token={token}"));

        await SnomPresenceApp.EventuallyAsync(() => Pages(phone).Count() == 2, "the LED page followed the key");
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
        Assert.Equal(dndPushes, phone.Accepted.Count(r => r.PathAndQuery.StartsWith("/dummy.htm", StringComparison.Ordinal)));
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
        // The retried attempts are not logged once per attempt with the exception's stack (Polly's own lines), nor
        // each call four times (HttpClient's): a phone that is switched off must not flood the log.
        Assert.DoesNotContain(app.Logs.Events, e => e.Properties.TryGetValue("SourceContext", out var source)
            && source.ToString().Trim('"') is var name && (name.StartsWith("Polly", StringComparison.Ordinal) || name.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Push_SlowPhone_CallsRunOneAfterAnother_AndNeverDelayTheChange()
    {
        using var phone = new FakeSnomPhone();
        await using var app = new SnomPresenceApp().WithProvisioning().PushingTo(phone, sharedLogin: false);
        var token = await AddD785Async(app);
        using var client = app.CreatePhoneClient(phone);
        await BootAsync(client, phone, token: token);
        await SnomPresenceApp.EventuallyAsync(() => Pages(phone).Count() == 1, "the boot LED page was opened");
        phone.Delay = TimeSpan.FromMilliseconds(300);
        var before = phone.Accepted.Count;

        var started = TimeProvider.System.GetTimestamp();
        await app.SetStatusAsync("201", "dnd");
        await app.SetStatusAsync("201", "available");
        await app.SetStatusAsync("201", "dnd");
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        await SnomPresenceApp.EventuallyAsync(() => Pages(phone).Count() == 2, "the LED followed");
        Assert.True(elapsed < TimeSpan.FromMilliseconds(900), $"three admin changes took {elapsed.TotalMilliseconds} ms; they must not wait for the phone");
        var calls = phone.Accepted.Skip(before).ToList();
        Assert.All(calls.Zip(calls.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromMilliseconds(250), "calls to one phone overlap"));
        Assert.True(phone.Dnd);
        // The first change is sent at once; the two made while it runs wait as one push, which finds the phone
        // already in DND with its LED lit: DND on once instead of on, off and on again.
        Assert.Equal(["/dummy.htm?settings=save&dnd_mode=on"], calls.Select(r => r.PathAndQuery).Where(p => p.StartsWith("/dummy.htm", StringComparison.Ordinal)));
    }
}
