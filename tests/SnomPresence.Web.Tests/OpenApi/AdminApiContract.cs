using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SnomPresence.Tests.Shared;

namespace SnomPresence.Web.Tests.OpenApi;

/// <summary>
/// The checked-in OpenAPI document of the admin API (docs/openapi.json) and the checks an answer must pass against
/// it: a documented operation answers only documented status codes, in a documented media type, with a body that
/// validates against the documented schema.
/// </summary>
public sealed class AdminApiContract
{
    public const string DocumentPath = "docs/openapi.json";

    private static readonly Lazy<AdminApiContract> Shared = new(() => Parse(File.ReadAllText(Path.Combine(Repository.Root, DocumentPath))));

    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();
    private readonly JsonObject _definitions;

    private AdminApiContract(JsonObject document)
    {
        Document = document;
        _definitions = (JsonObject)Rewrite(document["components"]?["schemas"]?.DeepClone() ?? new JsonObject());
    }

    public static AdminApiContract CheckedIn => Shared.Value;

    public JsonObject Document { get; }

    public static AdminApiContract Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    /// <summary>Every operation: method (upper case), path template and the operation object.</summary>
    public IEnumerable<(string Method, string Template, JsonObject Operation)> Operations =>
        Document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Value is JsonObject && op.Key is "get" or "put" or "post" or "delete" or "patch")
            .Select(op => (op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject())));

    /// <summary>
    /// Every way the answer of the route <paramref name="template"/> (as routing matched it) differs from the document;
    /// empty when it conforms or the route is not documented.
    /// </summary>
    public IReadOnlyList<string> CheckResponse(string method, string template, int status, string? contentType, string body)
    {
        if (Operations.Where(o => o.Method == method && o.Template == template).Select(o => o.Operation).FirstOrDefault() is not { } operation)
        {
            return [];
        }

        var what = $"{method} {template} answered {status}";
        if (operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JsonObject response)
        {
            return [$"{what}, which the document does not list"];
        }

        if (response["content"] is not JsonObject content)
        {
            return body.Length == 0 ? [] : [$"{what} with a body the document does not describe"];
        }

        var mediaType = contentType?.Split(';')[0].Trim();
        var media = content.FirstOrDefault(c => string.Equals(c.Key.Split(';')[0].Trim(), mediaType, StringComparison.OrdinalIgnoreCase));
        if (media.Value is null)
        {
            return [$"{what} as {contentType ?? "no content type"}, not as {string.Join(" or ", content.Select(c => c.Key))}"];
        }

        return Validate($"{what} {media.Key}", media.Value["schema"], mediaType, body);
    }

    /// <summary>Every way <paramref name="body"/> differs from the request schema of the operation for <paramref name="mediaType"/>.</summary>
    public IReadOnlyList<string> CheckRequest(string method, string template, string mediaType, string body)
    {
        var operation = Operations.Single(o => o.Method == method && o.Template == template).Operation;
        var schema = operation["requestBody"]?["content"]?[mediaType]?["schema"];
        return schema is null ? [$"{method} {template} takes no {mediaType} body"] : Validate($"{method} {template} request", schema, mediaType, body);
    }

    private IReadOnlyList<string> Validate(string what, JsonNode? schemaNode, string? mediaType, string body)
    {
        if (schemaNode is null)
        {
            return [];
        }

        JsonNode? instance;
        if (mediaType is not null && mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            try
            {
                instance = JsonNode.Parse(body);
            }
            catch (JsonException ex)
            {
                return [$"{what}: not JSON: {ex.Message}"];
            }
        }
        else
        {
            instance = JsonValue.Create(body);
        }

        var schemaText = schemaNode.ToJsonString();
        var schema = _schemas.GetOrAdd(schemaText, _ =>
        {
            var wrapper = (JsonObject)Rewrite(schemaNode.DeepClone());
            wrapper["$defs"] = _definitions.DeepClone();
            return JsonSchema.FromText(wrapper.ToJsonString());
        });
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .Distinct()
            .Take(10);
        return [$"{what}: the body does not match the schema ({string.Join("; ", errors)}): {Shorten(body)}"];
    }

    private static string Shorten(string body) => body.Length > 400 ? body[..400] + "…" : body;

    /// <summary>References into components become references into the schema's own definitions.</summary>
    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && value is JsonValue reference && reference.GetValue<string>() is { } target)
                    {
                        obj[key] = target.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                    }
                    else if (value is not null)
                    {
                        Rewrite(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    Rewrite(item);
                }

                break;
        }

        return node;
    }
}

/// <summary>
/// Checks every answer the in-process service gives to an admin API request against the checked-in document, and
/// notes every difference for <see cref="SnomPresenceApp"/> to fail the test with.
/// </summary>
internal sealed class AdminApiContractFilter(AdminApiContract contract, ConcurrentQueue<string> violations) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                await following(context);
                return;
            }

            var original = context.Response.Body;
            using var copy = new MemoryStream();
            context.Response.Body = new TeeStream(original, copy);
            try
            {
                await following(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            // The route routing chose, not one the path merely looks like: a path the fallback answered is not the documented route's.
            if (context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } route })
            {
                return;
            }

            foreach (var problem in contract.CheckResponse(
                context.Request.Method, route.TrimEnd('/'), context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(copy.ToArray())))
            {
                violations.Enqueue(problem);
            }
        });
        next(app);
    };

    /// <summary>Writes go to the client and into a copy.</summary>
    private sealed class TeeStream(Stream inner, Stream copy) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            copy.Write(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            copy.Write(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
