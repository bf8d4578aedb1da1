using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace SnomPresence.Web.Tests.Provisioning;

public sealed class PhoneTokenTests
{
    private const string Mac = "000413A11FA7";
    private const string OtherMac = "000413B22FB8";

    /// <summary>Every route a phone calls, read from the app's route table so a new one cannot slip past.</summary>
    private static IReadOnlyList<string> PhoneRoutes(SnomPresenceApp app) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!)
            .Where(r => r.StartsWith("/snom/", StringComparison.Ordinal))
            .Select(r => r.Replace("{**path}", Properties.PhoneRoutePropertyTests.UnknownPage, StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>A query that each route would accept from the right phone: it changes something where the route can.</summary>
    private static string Call(string route, string query) => route switch
    {
        "/snom/set" => $"{route}?{query}&status=lunch",
        "/snom/queue" => $"{route}?{query}&login=1",
        "/snom/short" or "/snom/short/input" => $"{route}?{query}&status=away&duration=15",
        "/snom/forwarding/set" => $"{route}?{query}&status=away&slot=internal&kind=extension&number=202",
        _ => $"{route}?{query}&status=away&slot=internal&kind=extension",
    };

    public static TheoryData<string, string> Refusals => new()
    {
        { "no token", $"ext=201&mac={Mac}" },
        { "empty token", $"ext=201&mac={Mac}&token=" },
        { "wrong token", $"ext=201&mac={Mac}&token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
        { "no MAC", "ext=201&token={token}" },
        { "another phone's token", $"ext=201&mac={Mac}&token={{other}}" },
        { "another phone's MAC with its token", $"ext=201&mac={OtherMac}&token={{other}}" },
        { "an extension not on the phone", $"ext=202&mac={Mac}&token={{token}}" },
        { "a MAC not in the inventory", "ext=201&mac=000413FFFFFF&token={token}" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EveryPhoneRoute_WithoutTheRightToken_Is403AndChangesNothing(string why, string query)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync(Mac, "D785", "201");
        var other = await app.AddPhoneAsync(OtherMac, "D385", "203");
        await app.CreateExtensionAsync("201");
        await app.CreateExtensionAsync("202");
        var before = (await app.GetStoredStateAsync("201"))!;
        using var phone = app.CreatePhoneClient();
        var filled = query.Replace("{token}", token, StringComparison.Ordinal).Replace("{other}", other, StringComparison.Ordinal);

        var routes = PhoneRoutes(app);
        Assert.Superset(
            new HashSet<string> { "/snom/action/dnd-on", "/snom/action/dnd-off", "/snom/action/setup", "/snom/status", "/snom/menu", "/snom/set" },
            new HashSet<string>(routes));
        foreach (var route in routes)
        {
            var response = await phone.GetAsync(Call(route, filled));

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} with {why} answered {(int)response.StatusCode}");
            var screen = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("SnomIPPhoneText", screen.Root!.Name.LocalName);
        }

        Assert.Equal(before, await app.GetStoredStateAsync("201"));
        Assert.Equal(1, (await app.GetStoredStateAsync("202"))!.Version);
        Assert.Null(await app.GetStoredStateAsync("203"));
    }

    [Fact]
    public async Task EveryPhoneRoute_WithThePhonesToken_IsServed()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync(Mac, "D785", "201");
        await app.CreateExtensionAsync("201");
        using var phone = app.CreatePhoneClient();

        foreach (var route in PhoneRoutes(app))
        {
            var response = await phone.GetAsync(Call(route, $"ext=201&mac={Mac}&token={token}"));

            var expected = route.EndsWith(Properties.PhoneRoutePropertyTests.UnknownPage, StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            Assert.True(response.StatusCode == expected, $"{route} answered {(int)response.StatusCode}");
            // Action URLs answer an empty 200; every page is Snom XML.
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(route.StartsWith("/snom/action/", StringComparison.Ordinal) ? body.Length == 0 : System.Xml.Linq.XDocument.Parse(body).Root!.Name.LocalName.StartsWith("SnomIPPhone", StringComparison.Ordinal), $"{route} answered {body}");
        }

        Assert.True((await app.GetHistoryAsync("201")).Count > 1);
    }

    [Fact]
    public async Task Refusal_IsLoggedWithReasonAndPhone_NeverWithTheToken()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync(Mac, "D785", "201");
        using var phone = app.CreatePhoneClient();

        await phone.GetAsync($"/snom/action/dnd-on?ext=202&mac={Mac}&token={token}");
        await phone.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}&token={token}");

        var refused = await app.Logs.WaitForAsync(e => e.EventId() == 1003);
        Assert.Equal("ExtensionNotOnPhone", LogCapture.Scalar(refused, "PhoneAccessDenial"));
        Assert.Equal(Mac, LogCapture.Scalar(refused, "PhoneMac"));
        await app.Logs.WaitForAsync(e => LogCapture.Scalar(e, "StatusCode") == "200");
        Assert.DoesNotContain(app.Logs.Events, e => Rendered(e).Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokensOff_IsLoggedAsCriticalAtStartup()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();

        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/snom/action/dnd-on?ext=201")).StatusCode);

        var warning = await app.Logs.WaitForAsync(e => e.EventId() == 6007);
        Assert.Equal(LogEventLevel.Fatal, warning.Level);
    }

    [Fact]
    public async Task Default_RequiresTokens()
    {
        await using var app = new SnomPresenceApp { LabMode = false };
        using var phone = app.CreatePhoneClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync("/snom/action/dnd-on?ext=201")).StatusCode);
        Assert.Null(await app.GetStoredStateAsync("201"));
    }

    private static string Rendered(LogEvent e) =>
        e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " + string.Join(" ", e.Properties.Select(p => p.Value.ToString())) + " " + e.Exception;
}
