using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace SnomPresence.Web.Tests.AdminUi;

/// <summary>Every admin route, read from the route table so a new one cannot slip past, refuses a caller without credentials.</summary>
public sealed class AdminRouteAuthTests(ITestOutputHelper output)
{
    // The sign-in form and the pages' script and style are meant for callers who are not signed in yet.
    private static readonly HashSet<string> Open = ["/admin/signin", "/admin/assets/{name}"];

    [Theory]
    [InlineData(null)]
    [InlineData("a-wrong-key-of-the-right-length")]
    public async Task EveryAdminRoute_WithoutKeyOrSession_IsRefusedAndChangesNothing(string? wrongKey)
    {
        await using var app = new SnomPresenceApp();
        await app.CreateExtensionAsync("201");
        var before = await app.GetStoredStateAsync("201");
        using var anonymous = app.CreatePhoneClient();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/admin", StringComparison.Ordinal)
                || raw.StartsWith("/openapi", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .Where(r => !Open.Contains(r.Route))
            .ToList();

        Assert.True(routes.Count >= 23, $"Only {routes.Count} admin routes found.");
        // The admin API's OpenAPI document and its interactive reference are among them.
        Assert.Contains(routes, r => r.Route == "/openapi/{documentName}.json");
        Assert.Contains(routes, r => r.Route.StartsWith("/admin/api", StringComparison.Ordinal));
        output.WriteLine(string.Join("\n", routes.Select(r => $"{r.Method} {r.Route}")));
        foreach (var (method, route) in routes)
        {
            var path = route.Replace("{ext}", "201", StringComparison.Ordinal).Replace("{mac}", "000413A11FA7", StringComparison.Ordinal)
                .Replace("{status}", "dnd", StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal)
                .Replace("{documentName?}", "v1", StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (wrongKey is not null)
            {
                request.Headers.Add("X-Api-Key", wrongKey);
            }

            if (method is "PUT" or "POST")
            {
                request.Content = new StringContent("{\"status\":\"dnd\",\"model\":\"D785\",\"extensions\":[\"201\"]}", System.Text.Encoding.UTF8, "application/json");
            }

            var response = await anonymous.SendAsync(request);

            var refused = route.StartsWith("/api", StringComparison.Ordinal) || route.StartsWith("/openapi", StringComparison.Ordinal)
                ? response.StatusCode == HttpStatusCode.Unauthorized
                : response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest;
            Assert.True(refused, $"{method} {route} answered {(int)response.StatusCode} without credentials.");
        }

        Assert.Equal(before, await app.GetStoredStateAsync("201"));
        Assert.Empty(await ((SnomPresence.Presence.IPhoneInventory)app.Services.GetService(typeof(SnomPresence.Presence.IPhoneInventory))!).ListAsync(default));
    }
}
