using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Admin;

/// <summary>An example body of an admin API request, shown in the OpenAPI document and the interactive reference.</summary>
internal sealed record RequestExample(string Name, string Summary, object Value, string ContentType = "application/json");

/// <summary>
/// The OpenAPI 3.1 document of the admin API (<c>/openapi/v1.json</c>), built by ASP.NET Core from the routes
/// themselves, and its interactive reference (<c>/admin/api</c>). Both are for admins only. The answers that the
/// protection in front of every admin route may give (401, 403, 413, 429, 500) are declared here, where the route
/// group asks for an admin, so no route can leave them out.
/// </summary>
internal static class AdminApiDocument
{
    public const string DocumentName = "v1";
    public const string DocumentPattern = "/openapi/{documentName}.json";
    public const string ReferencePath = "/admin/api";
    public const string ApiKeyScheme = "ApiKey";

    private const string ProblemJson = "application/problem+json";

    /// <summary>What the admin API's route parameters mean, for every route that has them.</summary>
    private static readonly Dictionary<string, string> ParameterDescriptions = new(StringComparer.Ordinal)
    {
        ["ext"] = "The extension: digits only, at most 16.",
        ["mac"] = "The phone's MAC address, 12 hex digits, with or without colons (000413A11FA7, 00:04:13:a1:1f:a7).",
        ["status"] = "A status id: available, away, dnd, lunch, business-trip.",
        ["limit"] = "At most this many entries, newest first (1-1000, default 50).",
        ["dryRun"] = "true: check every row and report, change nothing.",
        ["immediately"] = "true: the old token stops working at once (a leaked token) instead of after Provisioning:TokenGracePeriod.",
    };

    public static IHostApplicationBuilder AddAdminApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer(DescribeDocumentAsync);
            options.AddOperationTransformer(DescribeOperationAsync);
            options.AddDocumentTransformer(OmitNullsFromRequiredAsync);
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapAdminApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPattern).RequireAdmin().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The interactive reference among the admin pages (<paramref name="pages"/>, the <c>/admin</c> group), so it and
    /// the script it loads are behind the admin sign-in like every other page.
    /// </summary>
    public static RouteGroupBuilder MapAdminApiReference(this RouteGroupBuilder pages)
    {
        var reference = pages.MapGroup(ReferencePath["/admin".Length..]);

        // The library opens its script files to everyone; here they belong to an admin page and stay behind the sign-in.
        ((IEndpointConventionBuilder)reference).Finally(endpoint =>
        {
            foreach (var open in endpoint.Metadata.OfType<IAllowAnonymous>().ToList())
            {
                endpoint.Metadata.Remove(open);
            }
        });
        reference.MapScalarApiReference("/", options => options
            .WithTitle("SnomPresence admin API")
            .WithOpenApiRoutePattern(DocumentPattern)
            .AddPreferredSecuritySchemes(ApiKeyScheme)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools())
            .WithMetadata(new InlineScriptsByHash());
        return pages;
    }

    /// <summary>Adds named examples of the request body to a route.</summary>
    public static RouteHandlerBuilder WithRequestExamples(this RouteHandlerBuilder builder, params RequestExample[] examples) =>
        builder.WithMetadata([.. examples]);

    /// <summary>
    /// Declares what stands in front of every admin route: credentials (401), a session's anti-forgery token for
    /// changes (403), the body limit where a body is taken (413), the rate limit (429) and a failure inside (500).
    /// Runs last, so it sees what each route itself declared.
    /// </summary>
    public static void DeclareRefusals(EndpointBuilder endpoint)
    {
        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().FirstOrDefault()?.HttpMethods ?? [];
        Declare(endpoint, StatusCodes.Status401Unauthorized);
        if (methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m)))
        {
            Declare(endpoint, StatusCodes.Status403Forbidden);
        }

        if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
        {
            Declare(endpoint, StatusCodes.Status413PayloadTooLarge);
        }

        Declare(endpoint, StatusCodes.Status429TooManyRequests);
        Declare(endpoint, StatusCodes.Status500InternalServerError);
    }

    private static void Declare(EndpointBuilder endpoint, int status)
    {
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
        }
    }

    private static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "SnomPresence admin API",
            Version = DocumentName,
            Description = "Presence, forwarding and history of extensions, and the phone inventory. Every route needs the admin key "
                + $"(Admin:ApiKey) in the {AdminKeyHandler.HeaderName} header, or a signed-in admin page's session cookie together with "
                + "its anti-forgery token (X-CSRF-Token) for changes. Errors are ProblemDetails; bad input is a 400 naming each field.",
        };

        // The document describes the service wherever it runs; the reference calls the address it was loaded from.
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = AdminKeyHandler.HeaderName,
            Description = "The admin key, Admin:ApiKey (at least 16 characters).",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
        return Task.CompletedTask;
    }

    private static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // The route's short summary names it in the reference; a handler's documentation comment, which ASP.NET Core
        // reads into the summary too, becomes its description.
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IEndpointSummaryMetadata>().LastOrDefault()?.Summary is { } summary && operation.Summary != summary)
        {
            operation.Description ??= operation.Summary;
            operation.Summary = summary;
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && ParameterDescriptions.TryGetValue(name, out var description))
            {
                parameter.Description = description;
            }
        }

        var examples = metadata.OfType<RequestExample>().ToList();
        if (examples.Count == 0 || operation.RequestBody?.Content is not { } content)
        {
            return Task.CompletedTask;
        }

        var json = context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        foreach (var group in examples.GroupBy(e => e.ContentType))
        {
            if (content.TryGetValue(group.Key, out var media) && media is OpenApiMediaType type)
            {
                type.Examples = group.ToDictionary(
                    e => e.Name,
                    e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = ToNode(e.Value, json) });
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The API leaves out members that are null (and reads a missing member as null), so a member that may be null is
    /// never required, whatever the record's constructor says.
    /// </summary>
    private static Task OmitNullsFromRequiredAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // On the finished document: only there is a nullable reference (a record that may be null) its oneOf with null.
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Required is not { Count: > 0 } required || schema.Properties is not { } properties)
            {
                continue;
            }

            foreach (var (name, property) in properties)
            {
                var nullable = (property.Type is { } type && type.HasFlag(JsonSchemaType.Null))
                    || property.OneOf?.Any(o => o.Type == JsonSchemaType.Null) == true;
                if (nullable)
                {
                    required.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static JsonNode? ToNode(object value, JsonSerializerOptions json) =>
        value is string text ? JsonValue.Create(text) : JsonSerializer.SerializeToNode(value, value.GetType(), json);
}
