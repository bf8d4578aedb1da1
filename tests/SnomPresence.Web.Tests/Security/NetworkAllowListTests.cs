using System.Net;
using SnomPresence.Presence;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Tests.Security;

public class NetworkAllowListTests
{
    private static HttpClient From(SnomPresenceApp app, string address, bool provisioning = false)
    {
        var client = provisioning ? app.CreateProvisioningClient() : app.CreatePhoneClient();
        client.DefaultRequestHeaders.Add(SnomPresenceApp.RemoteAddressHeader, address);
        return client;
    }

    private static SnomPresenceApp AppAllowing(params string[] networks)
    {
        var app = new SnomPresenceApp();
        for (var i = 0; i < networks.Length; i++)
        {
            app.Settings[$"Phones:AllowedNetworks:{i}"] = networks[i];
        }

        return app;
    }

    [Theory]
    [InlineData("10.20.0.0/16", "10.20.3.4", true)]
    [InlineData("10.20.0.0/16", "10.21.0.1", false)]
    [InlineData("10.20.0.0/16", "::ffff:10.20.3.4", true)]
    [InlineData("10.20.0.0/16", "::ffff:10.21.3.4", false)]
    [InlineData("192.168.1.7", "192.168.1.7", true)]
    [InlineData("192.168.1.7", "192.168.1.8", false)]
    [InlineData("2001:db8:10::/48", "2001:db8:10:ff::1", true)]
    [InlineData("2001:db8:10::/48", "2001:db8:11::1", false)]
    [InlineData("2001:db8:10::/48", "10.20.3.4", false)]
    [InlineData("::1", "::1", true)]
    public void Allows_MatchesAddressesOfBothFamilies(string network, string address, bool allowed)
    {
        var list = NetworkList.Parse([network], "Phones:AllowedNetworks");

        Assert.Equal(allowed, list.Allows(IPAddress.Parse(address)));
    }

    [Fact]
    public void Allows_EmptyListLetsEveryoneIn_ANonEmptyOneNoUnknownAddress()
    {
        Assert.True(NetworkList.Parse([], "k").Allows(null));
        Assert.False(NetworkList.Parse(["10.0.0.0/8"], "k").Allows(null));
    }

    [Theory]
    [InlineData("Phones:AllowedNetworks", "10.0.0.0/8", "10.1.2.0/33", "Phones:AllowedNetworks:1 '10.1.2.0/33'")]
    [InlineData("Phones:AllowedNetworks", "10.1.2.3/24", null, "Phones:AllowedNetworks:0 '10.1.2.3/24' is not a network: the address has bits set beyond the prefix /24")]
    [InlineData("Phones:AllowedNetworks", "office", null, "Phones:AllowedNetworks:0 'office'")]
    [InlineData("Provisioning:AllowedNetworks", "2001:db8::/129", null, "Provisioning:AllowedNetworks:0 '2001:db8::/129'")]
    [InlineData("Network:KnownProxies", "10.0.0.1", "proxy.example.de", "Network:KnownProxies:1 'proxy.example.de'")]
    public async Task Startup_BadNetwork_FailsNamingTheKeyAndTheEntry(string key, string first, string? second, string named)
    {
        await using var app = new SnomPresenceApp();
        app.Settings[$"{key}:0"] = first;
        if (second is not null)
        {
            app.Settings[$"{key}:1"] = second;
        }

        var error = await app.StartupErrorAsync();

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneOutsideTheNetworks_Gets403WithAScreen_ChangesNothing_AndIsLoggedWithItsAddress()
    {
        await using var app = AppAllowing("10.20.0.0/16", "2001:db8:10::/48");
        using var inside = From(app, "10.20.3.4");
        using var mapped = From(app, "::ffff:10.20.3.5");
        using var inside6 = From(app, "2001:db8:10:1::5");
        using var outside = From(app, "192.0.2.77");

        Assert.Equal(HttpStatusCode.OK, (await inside.GetAsync("/snom/action/dnd-on?ext=201")).StatusCode);
        await PhonePage.ReadAsync(await mapped.GetAsync("/snom/status?ext=201"));
        await PhonePage.ReadAsync(await inside6.GetAsync("/snom/status?ext=201"));
        var refused = await PhonePage.ReadAsync(await outside.GetAsync("/snom/action/dnd-off?ext=201&lang=en"), HttpStatusCode.Forbidden);

        Assert.Equal("SnomIPPhoneText", refused.Root.Name.LocalName);
        Assert.Equal("Error", refused.Title);
        Assert.Equal(["Phones on this network are not allowed. Ask your administrator."], refused.Lines);
        Assert.Equal("snom://mb_exit", refused.SoftKeys["F4"].Url);
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
        var logged = await app.Logs.WaitForAsync(e => e.EventId() == 7001);
        Assert.Equal("192.0.2.77", LogCapture.Scalar(logged, "ClientAddress"));
        Assert.Equal("Phone", LogCapture.Scalar(logged, "RequestFamily"));
        Assert.Equal("Phones:AllowedNetworks", LogCapture.Scalar(logged, "AllowListKey"));
        Assert.Single(app.Logs.Events, e => e.EventId() == 7001);
    }

    [Fact]
    public async Task AdminRoutes_AreNotBehindThePhoneNetworks()
    {
        await using var app = AppAllowing("10.20.0.0/16");
        using var admin = app.CreateAdminClient();
        admin.DefaultRequestHeaders.Add(SnomPresenceApp.RemoteAddressHeader, "192.0.2.77");

        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/extensions/201", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Provisioning_FollowsThePhoneNetworks_UnlessItHasItsOwn()
    {
        await using var shared = AppAllowing("10.20.0.0/16").WithProvisioning();
        await shared.AddPhoneAsync("000413A11FA7", "D785", "201");
        using (var inside = From(shared, "10.20.3.4", provisioning: true))
        using (var outside = From(shared, "192.0.2.77", provisioning: true))
        {
            Assert.Equal(HttpStatusCode.OK, (await inside.GetAsync("/provisioning/snomD785-000413A11FA7.htm")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outside.GetAsync("/provisioning/snomD785-000413A11FA7.htm")).StatusCode);
        }

        var logged = await shared.Logs.WaitForAsync(e => e.EventId() == 7001);
        Assert.Equal("Provisioning", LogCapture.Scalar(logged, "RequestFamily"));
        Assert.Equal("192.0.2.77", LogCapture.Scalar(logged, "ClientAddress"));

        await using var own = AppAllowing("10.20.0.0/16").WithProvisioning();
        own.Settings["Provisioning:AllowedNetworks:0"] = "192.0.2.0/24";
        await own.AddPhoneAsync("000413A11FA7", "D785", "201");
        using var staging = From(own, "192.0.2.77", provisioning: true);
        using var office = From(own, "10.20.3.4", provisioning: true);

        Assert.Equal(HttpStatusCode.OK, (await staging.GetAsync("/provisioning/snomD785-000413A11FA7.htm")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync("/provisioning/snomD785-000413A11FA7.htm")).StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_CountsOnlyFromAKnownProxy()
    {
        await using var app = AppAllowing("10.20.0.0/16");
        app.Settings["Network:KnownProxies:0"] = "172.16.0.10";
        using var viaProxy = From(app, "172.16.0.10");
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "10.20.3.4");
        using var spoofing = From(app, "192.0.2.77");
        spoofing.DefaultRequestHeaders.Add("X-Forwarded-For", "10.20.3.4");
        using var proxyItself = From(app, "172.16.0.10");

        Assert.Equal(HttpStatusCode.OK, (await viaProxy.GetAsync("/snom/action/dnd-on?ext=201")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await spoofing.GetAsync("/snom/action/dnd-off?ext=201")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await proxyItself.GetAsync("/snom/action/dnd-off?ext=201")).StatusCode);

        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
        var refusals = app.Logs.Events.Where(e => e.EventId() == 7001).Select(e => LogCapture.Scalar(e, "ClientAddress")).ToList();
        Assert.Equal(["192.0.2.77", "172.16.0.10"], refusals);
    }
}
