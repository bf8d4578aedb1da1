using System.Net;
using System.Net.Http.Json;
using SnomPresence.Web.Phone.Push;

namespace SnomPresence.Web.Tests.Security;

/// <summary>
/// Pushes carry the phone's web login, so they go only to the address the phone's own requests come from, on the
/// configured port: never to a host or port a request names.
/// </summary>
public class PushTargetTests
{
    private const string Mac = "000413A11FA7";

    [Theory]
    [InlineData("127.0.0.3")]
    [InlineData("127.0.0.3:8081")]
    [InlineData("[::1]:8081")]
    [InlineData("0.0.0.0")]
    public async Task Setup_AnnouncingAnotherHost_PushesOnlyToTheCallersAddress(string announced)
    {
        using var phone = new FakeSnomPhone();
        using var elsewhere = new FakeSnomPhone(host: "127.0.0.3", port: phone.Port);
        await using var app = new SnomPresenceApp().PushingTo(phone);
        using var client = app.CreatePhoneClient(phone);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}&ip={Uri.EscapeDataString(announced)}")).StatusCode);
        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the phone at the calling address switched DND on", () => $"the phone got: {string.Join(" | ", phone.Requests)}; the service logged: {string.Join(" | ", app.Logs.Events.Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Empty(elsewhere.Requests);
        var ignored = await app.Logs.WaitForAsync(e => e.EventId() == 5004);
        Assert.Equal("127.0.0.2", LogCapture.Scalar(ignored, "ClientAddress"));
    }

    [Fact]
    public async Task TokenHolder_NamingAnotherHost_NeverSendsThePhonesLoginThere()
    {
        using var phone = new FakeSnomPhone();
        using var victim = new FakeSnomPhone(host: "127.0.0.3", port: phone.Port);
        await using var app = new SnomPresenceApp().WithProvisioning().PushingTo(phone, sharedLogin: false);
        using var admin = app.CreateAdminClient();
        var created = await admin.PutAsJsonAsync($"/api/phones/{Mac}", new
        {
            model = "D785", extensions = new[] { "201" }, webUser = FakeSnomPhone.User, webPassword = FakeSnomPhone.Password,
        });
        var token = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        using var client = app.CreatePhoneClient(phone);

        // As reported: the setup URL names another host and port, then any status change follows.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}&token={token}&ip=127.0.0.3:{victim.Port}")).StatusCode);
        await client.GetAsync($"/snom/set?ext=201&status=away&mac={Mac}&token={token}");
        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the phone itself was pushed", () => $"the phone got: {string.Join(" | ", phone.Requests)}; the service logged: {string.Join(" | ", app.Logs.Events.Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Empty(victim.Requests);
        Assert.DoesNotContain(victim.AuthorizationHeaders, h => h is not null);
    }

    [Fact]
    public async Task LabMode_RequestForAnotherPhonesMac_MovesItsPushesOnlyToTheRequestsOwnAddress()
    {
        using var phone = new FakeSnomPhone();
        using var named = new FakeSnomPhone(host: "127.0.0.4", port: phone.Port);
        await using var app = new SnomPresenceApp().PushingTo(phone);
        using var owner = app.CreatePhoneClient(phone);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/snom/action/setup?ext=201&mac={Mac}")).StatusCode);
        await SnomPresenceApp.EventuallyAsync(() => phone.Accepted.Count >= 1, "the boot push arrived");

        // Without tokens anyone may speak for the MAC, but the address a push goes to is the one the request came from.
        using var other = app.CreatePhoneClient();
        other.DefaultRequestHeaders.Add(SnomPresenceApp.RemoteAddressHeader, "127.0.0.3");
        await other.GetAsync($"/snom/action/setup?ext=201&mac={Mac}&ip=127.0.0.4");
        await app.SetStatusAsync("201", "dnd");
        // Nothing listens at the requester's address here: the push is tried there, and fails.
        await app.Logs.WaitForAsync(e => e.EventId() == 5002 && LogCapture.Scalar(e, "PhoneId") == Mac);

        Assert.Empty(named.Requests);
    }

    [Fact]
    public async Task IPv6Phone_IsPushedAtItsBracketedAddress()
    {
        using var phone = new FakeSnomPhone(host: "::1");
        await using var app = new SnomPresenceApp().PushingTo(phone);
        using var client = app.CreatePhoneClient(phone);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}&ip=%3A%3A1")).StatusCode);
        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the IPv6 phone switched DND on", () => $"the phone got: {string.Join(" | ", phone.Requests)}; the service logged: {string.Join(" | ", app.Logs.Events.Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.DoesNotContain(app.Logs.Events, e => e.EventId() is 5002 or 5004);
    }

    [Fact]
    public async Task PhoneOfferingBasicAndDigest_GetsDigestOnly()
    {
        using var phone = new FakeSnomPhone(digest: true, basicToo: true);
        await using var app = new SnomPresenceApp().PushingTo(phone);
        using var client = app.CreatePhoneClient(phone);
        await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}");

        await app.SetStatusAsync("201", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the phone switched DND on", () => $"the phone got: {string.Join(" | ", phone.Requests)}; the service logged: {string.Join(" | ", app.Logs.Events.Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Contains(phone.AuthorizationHeaders, h => h?.StartsWith("Digest ", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(phone.AuthorizationHeaders, h => h?.StartsWith("Basic ", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task TwoProvisionedPhones_EachGetsTheLoginOfItsOwnMac()
    {
        using var first = new FakeSnomPhone(password: "first-phone-secret");
        using var second = new FakeSnomPhone(host: "127.0.0.3", port: first.Port, password: "second-phone-secret");
        await using var app = new SnomPresenceApp().WithProvisioning().PushingTo(first, sharedLogin: false);
        var tokens = new Dictionary<string, string>();
        using var admin = app.CreateAdminClient();
        foreach (var (mac, ext, password) in new[] { ("000413000201", "201", "first-phone-secret"), ("000413000202", "202", "second-phone-secret") })
        {
            var created = await admin.PutAsJsonAsync($"/api/phones/{mac}", new { model = "D785", extensions = new[] { ext }, webUser = FakeSnomPhone.User, webPassword = password });
            tokens[mac] = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        }

        using var firstClient = app.CreatePhoneClient(first);
        using var secondClient = app.CreatePhoneClient(second);
        await firstClient.GetAsync($"/snom/action/setup?ext=201&mac=000413000201&token={tokens["000413000201"]}");
        await secondClient.GetAsync($"/snom/action/setup?ext=202&mac=000413000202&token={tokens["000413000202"]}");
        await app.SetStatusAsync("201", "dnd");
        await app.SetStatusAsync("202", "dnd");

        await SnomPresenceApp.EventuallyAsync(() => first.Dnd == true && second.Dnd == true, "both phones switched DND on with their own logins");
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("2130706433", "127.0.0.1", true)]
    [InlineData("127.0.0.1:8081", "127.0.0.1", true)]
    [InlineData("::ffff:10.0.0.5", "10.0.0.5", true)]
    [InlineData("10.0.0.5", "::ffff:10.0.0.5", true)]
    [InlineData("0.0.0.0", "127.0.0.1", false)]
    [InlineData("127.0.0.2", "127.0.0.1", false)]
    [InlineData("phone.example", "127.0.0.1", false)]
    [InlineData("http://127.0.0.1/", "127.0.0.1", false)]
    public void Announces_ComparesParsedAddresses(string announced, string source, bool expected) =>
        Assert.Equal(expected, PhoneSightings.Announces(announced, IPAddress.Parse(source)));
}
