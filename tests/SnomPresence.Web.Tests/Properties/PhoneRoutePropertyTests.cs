using System.Collections.Immutable;
using System.Net;
using System.Xml.Linq;
using CsCheck;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using SnomPresence.Tests.Shared;

namespace SnomPresence.Web.Tests.Properties;

/// <summary>
/// Every phone route, read from the route table so a new one is covered, with any query a phone or anybody else
/// could send: the answer is never a server error, and what comes back is Snom XML the phone can show.
/// </summary>
public sealed class PhoneRoutePropertyTests
{
    private const long Iterations = 400;

    private static readonly string[] SnomRoots = ["SnomIPPhoneText", "SnomIPPhoneMenu", "SnomIPPhoneInput", "SnomIPPhoneDirectory"];

    [Fact]
    public async Task EveryPhoneRoute_AnyQuery_AnswersSnomXmlAndNeverFails()
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        using var phone = app.CreatePhoneClient();

        await Requests(PhoneRoutes(app), token: null).SampleAsync(
            async request => await AssertAnswersSnomXmlAsync(app, phone, request), iter: Iterations, threads: 1, print: Short);
    }

    [Fact]
    public async Task EveryPhoneRoute_AnyQueryWithTokensRequired_Is403ExactlyWhenMacTokenOrExtensionIsWrong()
    {
        await using var app = new SnomPresenceApp { LabMode = false }.WithProvisioning();
        var token = await app.AddPhoneAsync("000413A11FA7", "D785", "201");
        using var phone = app.CreatePhoneClient();
        int letIn = 0, refused = 0;

        await Requests(PhoneRoutes(app), token).SampleAsync(
            async request =>
            {
                var status = await AssertAnswersSnomXmlAsync(app, phone, request);
                if (status == HttpStatusCode.RequestUriTooLong)
                {
                    return;
                }

                var expected = LetIn(request, token);
                Assert.True(expected == (status != HttpStatusCode.Forbidden), $"{Short(request)} answered {(int)status}; the phone {(expected ? "is" : "is not")} let in.");
                _ = expected ? letIn++ : refused++;
            },
            iter: Iterations / 2, threads: 1, print: Short);

        // Both answers must have been tried for the property to say anything.
        Assert.True(letIn >= 5 && refused >= 5, $"{letIn} requests let in, {refused} refused.");
    }

    /// <summary>
    /// Whether a request gets past the token check: the inventory's MAC, its token, and an extension on that phone;
    /// an extension that is no extension at all is let in, to be answered with a screen naming the mistake.
    /// </summary>
    private static bool LetIn(string request, string token)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + request).Query);
        string? Value(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;
        return Value("token") == token
            && SnomPresence.Presence.MacAddress.TryParse(Value("mac"), out var mac) && mac.Value == "000413A11FA7"
            && (!SnomPresence.Presence.Extension.TryParse(Value("ext"), out var ext) || ext.Value == "201");
    }

    /// <summary>A path under /snom that no phone route takes.</summary>
    internal const string UnknownPage = "no-such-page";

    /// <summary>The GET routes under /snom, from the route table.</summary>
    internal static string[] PhoneRoutes(SnomPresenceApp app)
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!)
            .Where(raw => raw.StartsWith("/snom", StringComparison.Ordinal))
            // The catch-all answers every path no phone route takes; one such path stands for it.
            .Select(raw => raw.Replace("{**path}", UnknownPage, StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(routes.Length >= 13, $"Only {routes.Length} phone routes found: {string.Join(", ", routes)}.");
        Assert.DoesNotContain(routes, r => r.Contains('{', StringComparison.Ordinal));
        return routes;
    }

    /// <summary>A phone route and a query: the parameters phones send, each present or not, mostly sensible, plus strangers.</summary>
    private static Gen<string> Requests(string[] routes, string? token)
    {
        Gen<string> Value(string name) => name switch
        {
            "ext" => Gen.Frequency((3, Gen.Const("201")), (2, InputGen.Extension)),
            "mac" => Gen.Frequency((2, Gen.Const("000413A11FA7")), (2, InputGen.Mac)),
            "token" => token is null ? InputGen.Text : Gen.Frequency((3, Gen.Const(token)), (1, InputGen.Text)),
            "lang" => InputGen.Language,
            "status" => InputGen.Status,
            "duration" => InputGen.Duration,
            "slot" => InputGen.Slot,
            "kind" => InputGen.Kind,
            "number" => InputGen.ForwardingNumber,
            "login" or "on" => Gen.Frequency((3, Gen.OneOf("0", "1")), (1, InputGen.Text)),
            "colleague" => Gen.Frequency((3, Gen.OneOf("201", "202")), (1, InputGen.Extension)),
            "group" => Gen.Frequency((1, Gen.Const("vertrieb")), (1, InputGen.Text)),
            "page" => Gen.Frequency((3, Gen.OneOf("1", "2", "0")), (1, InputGen.Text)),
            "q" => Gen.Frequency((3, Gen.OneOf("mull", "anna m", "<b>")), (1, InputGen.Text)),
            _ => InputGen.Text,
        };

        string[] names = ["ext", "mac", "token", "lang", "status", "duration", "slot", "kind", "number", "login", "ip", "colleague", "group", "page", "q", "on"];
        var parameters = names.Aggregate(
            Gen.Const(ImmutableList<string>.Empty),
            (query, name) => from list in query
                             from value in Gen.Frequency((2, Gen.Const((string?)null)), (3, InputGen.Encoded(Value(name)).Select(v => (string?)v)))
                             select value is null ? list : list.Add(name + "=" + value));
        var strangers = Gen.Select(InputGen.Encoded(InputGen.Text), InputGen.Encoded(InputGen.Text), (name, value) => name + "=" + value).Array[0, 2];
        return Gen.Select(Gen.OneOf(routes), parameters, strangers, (route, known, others) => route + "?" + string.Join("&", known.AddRange(others)));
    }

    private static async Task<HttpStatusCode> AssertAnswersSnomXmlAsync(SnomPresenceApp app, HttpClient phone, string pathAndQuery)
    {
        var logged = app.Logs.Events.Count;
        var response = await phone.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{Short(pathAndQuery)} answered {(int)response.StatusCode}: {body}");
        AssertNoFailureLogged(app, logged, pathAndQuery);
        if (pathAndQuery.StartsWith("/snom/action/", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.OK && body.Length == 0)
        {
            // Action URLs answer an empty 200 once the change is stored; the phone ignores the body.
            return response.StatusCode;
        }

        // 414: a query longer than RequestLimits:PhoneQueryLength, still answered with a readable screen; 404: no such page.
        var unknown = pathAndQuery.StartsWith("/snom/" + UnknownPage, StringComparison.Ordinal);
        Assert.True(
            response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.RequestUriTooLong || response.StatusCode == (unknown ? HttpStatusCode.NotFound : HttpStatusCode.OK),
            $"{Short(pathAndQuery)} answered {(int)response.StatusCode}.");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var root = XDocument.Parse(body).Root!;
        Assert.Contains(root.Name.LocalName, SnomRoots);
        return response.StatusCode;
    }

    /// <summary>A request as a failure message quotes it: long generated values would bury the point.</summary>
    internal static string Short(string request) => request.Length <= 400 ? request : string.Concat(request.AsSpan(0, 400), "…");

    /// <summary>Phone routes turn any exception into a friendly screen; the log is where a failure shows.</summary>
    internal static void AssertNoFailureLogged(SnomPresenceApp app, int loggedBefore, string request)
    {
        var failure = app.Logs.Events.Skip(loggedBefore).FirstOrDefault(e => e.Exception is not null || (e.Level >= LogEventLevel.Error && e.EventId() == 1002));
        Assert.True(failure is null, $"{Short(request)} logged {failure?.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {failure?.Exception}");
    }
}
