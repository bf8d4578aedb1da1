using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Tests.Shared;

namespace SnomPresence.Web.Tests.OpenApi;

/// <summary>
/// The admin API's OpenAPI document: what the service serves is what is checked in, it names every /api route with
/// what each can answer, and its examples are requests the service accepts.
/// </summary>
public sealed class OpenApiDocumentTests
{
    /// <summary>Set to 1 by scripts/openapi.sh: the served document replaces the checked-in one.</summary>
    private const string UpdateVariable = "SNOMPRESENCE_UPDATE_OPENAPI";

    [Fact]
    public async Task ServedDocument_IsTheCheckedInDocsOpenApiJson()
    {
        await using var app = new SnomPresenceApp { CheckApiContract = false };
        using var admin = app.CreateAdminClient();

        var response = await admin.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var path = Path.Combine(Repository.Root, AdminApiContract.DocumentPath);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }

        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(path));
        Assert.True(JsonNode.DeepEquals(served, checkedIn),
            $"/openapi/v1.json differs from {AdminApiContract.DocumentPath}; regenerate it with scripts/openapi.sh and commit it.");
    }

    [Fact]
    public async Task Document_IsOpenApi31_WithEveryApiRouteItsParametersAndTheApiKeyScheme()
    {
        await using var app = new SnomPresenceApp();
        using var admin = app.CreateAdminClient();
        var document = AdminApiContract.Parse(await admin.GetStringAsync("/openapi/v1.json"));
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains("{**", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Template: e.RoutePattern.RawText!.TrimEnd('/'))))
            .ToList();

        Assert.StartsWith("3.1", document.Document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var scheme = document.Document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());
        Assert.NotNull(document.Document["security"]![0]!["ApiKey"]);
        Assert.True(routes.Count >= 17, $"Only {routes.Count} /api routes found.");
        var operations = document.Operations.Select(o => (o.Method, o.Template)).ToHashSet();
        Assert.Equal(routes.ToHashSet(), operations);
        foreach (var (method, template, operation) in document.Operations)
        {
            var parameters = operation["parameters"]?.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
            foreach (var routeParameter in System.Text.RegularExpressions.Regex.Matches(template, "{([^}]+)}").Select(m => m.Groups[1].Value))
            {
                Assert.Contains(routeParameter, parameters);
            }

            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "401", "429", "500" })
            {
                Assert.True(responses.ContainsKey(status), $"{method} {template} does not list {status}.");
                Assert.NotNull(responses[status]!["content"]!["application/problem+json"]);
            }

            if (method != "GET")
            {
                Assert.True(responses.ContainsKey("403"), $"{method} {template} does not list 403 (a session without its anti-forgery token).");
            }

            if (template.Contains("{ext}", StringComparison.Ordinal) || template.Contains("{mac}", StringComparison.Ordinal))
            {
                Assert.True(responses.ContainsKey("400"), $"{method} {template} does not list 400 for a malformed parameter.");
            }

            if (operation["requestBody"] is JsonObject body)
            {
                Assert.True(responses.ContainsKey("413"), $"{method} {template} takes a body but does not list 413.");
                foreach (var (mediaType, media) in body["content"]!.AsObject())
                {
                    Assert.True(media!["examples"]?.AsObject().Count > 0, $"{method} {template} has no example {mediaType} body.");
                }
            }
        }

        var import = document.Operations.Single(o => o.Template == "/api/phones/import").Operation;
        Assert.NotNull(import["requestBody"]!["content"]!["text/csv"]);
        Assert.NotNull(import["responses"]!["422"]!["content"]!["application/problem+json"]);
        Assert.NotNull(document.Operations.Single(o => o is { Method: "PUT", Template: "/api/extensions/{ext}/status" }).Operation["responses"]!["409"]);
        Assert.NotNull(document.Operations.Single(o => o is { Method: "GET", Template: "/api/extensions/{ext}" }).Operation["responses"]!["404"]);
    }

    /// <summary>Each example is valid against its schema, and doing what it shows succeeds.</summary>
    [Fact]
    public async Task EveryRequestExample_MatchesItsSchema_AndTheServiceAcceptsIt()
    {
        // The morning of the day the examples are written for, so their expiry lies ahead.
        await using var app = new SnomPresenceApp { Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(1))) };
        app.Settings["Provisioning:LoginSecret"] = SnomPresenceApp.ProvisioningLoginSecret;
        using var admin = app.CreateAdminClient();
        await app.CreateExtensionAsync("201");
        var contract = AdminApiContract.Parse(await admin.GetStringAsync("/openapi/v1.json"));
        var tried = 0;

        foreach (var (method, template, operation) in contract.Operations)
        {
            foreach (var (mediaType, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                foreach (var (name, example) in media!["examples"]!.AsObject())
                {
                    var value = example!["value"]!;
                    var body = value is JsonValue text && text.TryGetValue<string>(out var raw) ? raw : value.ToJsonString();
                    Assert.Empty(contract.CheckRequest(method, template, mediaType, body));

                    var path = template.Replace("{ext}", "201", StringComparison.Ordinal).Replace("{mac}", "000413A11FA7", StringComparison.Ordinal)
                        .Replace("{id}", "vertrieb", StringComparison.Ordinal)
                        .Replace("{status}", name, StringComparison.Ordinal);
                    using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
                    var response = await admin.SendAsync(request);
                    Assert.True(response.IsSuccessStatusCode, $"Example '{name}' of {method} {template} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    tried++;
                }
            }
        }

        Assert.True(tried >= 9, $"Only {tried} examples tried.");
        var state = await app.GetStoredStateAsync("201");
        Assert.True(state!.QueueLoggedIn);
        Assert.Equal("+4917012345678", state.Forwarding.Get(SnomPresence.Presence.PresenceStatus.Away, SnomPresence.Presence.ForwardingSlot.External).Number);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("a-wrong-key-of-the-right-length")]
    public async Task Document_WithoutTheAdminKey_Is401Problem(string? key)
    {
        await using var app = new SnomPresenceApp();
        using var client = app.CreatePhoneClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(401, problem!.Status);
        if (key is not null)
        {
            Assert.Contains("X-Api-Key", problem.Detail, StringComparison.Ordinal);
        }
    }
}
