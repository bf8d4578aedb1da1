using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace SnomPresence.Web.Tests.Pbx;

/// <summary>
/// The official 3CX XAPI description (../shared/reference/3cx-xapi-swagger-20.0.10.yaml), read as plain YAML, and
/// the checks a request must pass against it: a declared path and method, declared query options, and a JSON
/// body whose every property exists in the schema with the right type (enums by value).
/// </summary>
public sealed class XapiSwagger
{
    private const string FileName = "3cx-xapi-swagger-20.0.10.yaml";
    private readonly Dictionary<object, object> _root;

    private XapiSwagger(Dictionary<object, object> root) => _root = root;

    public static XapiSwagger Load()
    {
        var path = Path.Combine(SnomPresence.Tests.Shared.Repository.Root, "..", "shared", "reference", FileName);
        Assert.True(File.Exists(path), $"The 3CX swagger is expected at {path} (the shared folder beside the repository).");
        var yaml = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(path));
        return new XapiSwagger(yaml);
    }

    public string TokenUrl
    {
        get
        {
            var schemes = Map(Map(_root["components"])["securitySchemes"]);
            return schemes.Values.Select(Map).Select(s => Map(Map(s["flows"]).Values.First())["tokenUrl"]).OfType<string>().First();
        }
    }

    /// <summary>Every problem of <paramref name="request"/> against the description; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(FakeRequest request)
    {
        var problems = new List<string>();
        const string server = "/xapi/v1";
        if (!request.Path.StartsWith(server, StringComparison.Ordinal))
        {
            return [$"{request.Path} is outside {server}"];
        }

        var path = request.Path[server.Length..];
        var template = Map(_root["paths"]).Keys.Cast<string>().FirstOrDefault(t => Matches(t, path));
        if (template is null)
        {
            return [$"{request.Method} {path}: no such path"];
        }

        var item = Map(Map(_root["paths"])[template]);
        if (!item.TryGetValue(request.Method.ToLowerInvariant(), out var operationNode))
        {
            return [$"{request.Method} {template}: method not declared"];
        }

        var operation = Map(operationNode);
        var declared = Parameters(operation).Where(p => (string)p["in"] == "query").Select(p => (string)p["name"]).ToHashSet();
        foreach (var name in request.Query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=')[0])))
        {
            if (!declared.Contains(name))
            {
                problems.Add($"{request.Method} {template}: query option {name} not declared");
            }
        }

        if (request.Body is { Length: > 0 } body && request.Method is "PATCH" or "POST")
        {
            var schema = Map(Map(Map(Map(operation["requestBody"])["content"])["application/json"])["schema"]);
            CheckValue(JsonNode.Parse(body), schema, $"{request.Method} {template} body", problems);
        }

        return problems;
    }

    /// <summary>
    /// Every problem of the answer to <paramref name="request"/>: for <c>/xapi/v1</c> against the response the
    /// description declares for that status (or its <c>default</c>, the OData error), with required properties; for
    /// the token endpoint, which the description names only by URL, against OAuth 2.0 (RFC 6749 §5.1 and §5.2).
    /// </summary>
    public IReadOnlyList<string> CheckResponse(FakeRequest request)
    {
        var problems = new List<string>();
        var at = $"{request.Status} to {request.Method} {request.Path}";
        if (request.Path == TokenUrl)
        {
            CheckTokenAnswer(request, at, problems);
            return problems;
        }

        const string server = "/xapi/v1";
        var template = Map(_root["paths"]).Keys.Cast<string>().FirstOrDefault(t => request.Path.StartsWith(server, StringComparison.Ordinal) && Matches(t, request.Path[server.Length..]));
        if (template is null || !Map(Map(_root["paths"])[template]).TryGetValue(request.Method.ToLowerInvariant(), out var operation))
        {
            // Asked for something the description does not have: the fake answers as 3CX does for unknown paths.
            return request.Status is 404 or 405 ? [] : [$"{at}: answered {request.Status} to an undeclared operation"];
        }

        var responses = Map(Map(operation)["responses"]);
        var declared = responses.TryGetValue(request.Status.ToString(CultureInfo.InvariantCulture), out var exact) ? exact
            : responses.TryGetValue("default", out var fallback) ? fallback : null;
        if (declared is null)
        {
            return [$"{at}: status not declared"];
        }

        var response = Resolve(Map(declared));
        var json = response.TryGetValue("content", out var content) && Map(content).TryGetValue("application/json", out var media) ? Map(Map(media)["schema"]) : null;
        if (json is null)
        {
            return string.IsNullOrEmpty(request.ResponseBody) ? [] : [$"{at}: a body where the description declares none"];
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.ResponseBody ?? string.Empty);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return [$"{at}: not JSON ({ex.Message})"];
        }

        CheckValue(body, json, at, problems, required: true);
        return problems;
    }

    private static void CheckTokenAnswer(FakeRequest request, string at, List<string> problems)
    {
        var body = JsonNode.Parse(request.ResponseBody ?? "null") as JsonObject;
        if (body is null)
        {
            problems.Add($"{at}: not a JSON object");
            return;
        }

        // RFC 6749 §5.1 (success) and §5.2 (error): the members and their types.
        var members = request.Status == 200
            ? new Dictionary<string, (System.Text.Json.JsonValueKind Kind, bool Required)>
            {
                ["access_token"] = (System.Text.Json.JsonValueKind.String, true),
                ["token_type"] = (System.Text.Json.JsonValueKind.String, true),
                ["expires_in"] = (System.Text.Json.JsonValueKind.Number, false),
                ["refresh_token"] = (System.Text.Json.JsonValueKind.String, false),
                ["scope"] = (System.Text.Json.JsonValueKind.String, false),
            }
            : new Dictionary<string, (System.Text.Json.JsonValueKind Kind, bool Required)>
            {
                ["error"] = (System.Text.Json.JsonValueKind.String, true),
                ["error_description"] = (System.Text.Json.JsonValueKind.String, false),
                ["error_uri"] = (System.Text.Json.JsonValueKind.String, false),
            };
        foreach (var (name, value) in body)
        {
            if (!members.TryGetValue(name, out var member))
            {
                problems.Add($"{at}.{name}: not an OAuth 2.0 member");
            }
            else if (value is not null && value.GetValueKind() != member.Kind)
            {
                problems.Add($"{at}.{name}: {value.GetValueKind()} where {member.Kind} is defined");
            }
        }

        problems.AddRange(members.Where(m => m.Value.Required && body[m.Key] is null).Select(m => $"{at}.{m.Key}: required, missing"));
        if (request.Status != 200 && (string?)body["error"] is { } error
            && error is not ("invalid_request" or "invalid_client" or "invalid_grant" or "unauthorized_client" or "unsupported_grant_type" or "invalid_scope"))
        {
            problems.Add($"{at}.error: '{error}' is no OAuth 2.0 error code");
        }
    }

    private void CheckValue(JsonNode? value, Dictionary<object, object> schemaNode, string at, List<string> problems, bool required = false)
    {
        if (value is null)
        {
            return;
        }

        var schema = Flatten(schemaNode);
        switch (value)
        {
            case JsonObject obj:
                if (schema.Type is not (null or "object"))
                {
                    problems.Add($"{at}: object where {schema.Type} is declared");
                    return;
                }

                foreach (var (name, child) in obj)
                {
                    if (!schema.Properties.TryGetValue(name, out var childSchema))
                    {
                        // OData control information (OData JSON Format 4.01 §4.5) in answers: the link to the next page.
                        if (!(required && name is "@odata.nextLink" or "@odata.context"))
                        {
                            problems.Add($"{at}.{name}: not a declared property");
                        }

                        continue;
                    }

                    CheckValue(child, childSchema, $"{at}.{name}", problems, required);
                }

                if (required)
                {
                    problems.AddRange(schema.Required.Where(name => obj[name] is null).Select(name => $"{at}.{name}: required, missing"));
                }

                break;
            case JsonArray array:
                if (schema.Type != "array" || schema.Items is null)
                {
                    problems.Add($"{at}: array where {schema.Type} is declared");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    CheckValue(array[i], schema.Items, string.Create(CultureInfo.InvariantCulture, $"{at}[{i}]"), problems, required);
                }

                break;
            case JsonValue scalar:
                var kind = scalar.GetValueKind();
                var ok = schema.Type switch
                {
                    "string" => kind == System.Text.Json.JsonValueKind.String,
                    "integer" => kind == System.Text.Json.JsonValueKind.Number && scalar.TryGetValue<long>(out _),
                    "number" => kind == System.Text.Json.JsonValueKind.Number,
                    "boolean" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
                    _ => false,
                };
                if (!ok)
                {
                    problems.Add($"{at}: {kind} where {schema.Type ?? "no scalar"} is declared");
                }
                else if (schema.Enum is { } values && !values.Contains(scalar.GetValue<string>()))
                {
                    problems.Add($"{at}: '{scalar}' is not one of the declared values");
                }

                break;
        }
    }

    /// <summary>A schema with its $refs resolved and its allOf parts merged: type, properties, items, enum values.</summary>
    private FlatSchema Flatten(Dictionary<object, object> node)
    {
        node = Resolve(node);
        var flat = new FlatSchema(
            node.TryGetValue("type", out var type) ? (string)type : null,
            node.TryGetValue("properties", out var properties) ? Map(properties).ToDictionary(p => (string)p.Key, p => Map(p.Value)) : [],
            node.TryGetValue("items", out var items) ? Map(items) : null,
            node.TryGetValue("enum", out var values) ? [.. List(values).Cast<string>()] : null,
            node.TryGetValue("required", out var names) ? [.. List(names).Cast<string>()] : []);
        foreach (var part in node.TryGetValue("allOf", out var allOf) ? List(allOf).Select(Map) : [])
        {
            var inner = Flatten(part);
            foreach (var (name, schema) in inner.Properties)
            {
                flat.Properties[name] = schema;
            }

            flat = flat with { Type = flat.Type ?? inner.Type, Items = flat.Items ?? inner.Items, Enum = flat.Enum ?? inner.Enum, Required = [.. flat.Required, .. inner.Required] };
        }

        return flat;
    }

    private sealed record FlatSchema(
        string? Type, Dictionary<string, Dictionary<object, object>> Properties, Dictionary<object, object>? Items, List<string>? Enum, List<string> Required);

    private IEnumerable<Dictionary<object, object>> Parameters(Dictionary<object, object> operation) =>
        operation.TryGetValue("parameters", out var list) ? List(list).Select(Map).Select(Resolve) : [];

    private Dictionary<object, object> Resolve(Dictionary<object, object> node)
    {
        while (node.TryGetValue("$ref", out var reference))
        {
            var current = (object)_root;
            foreach (var part in ((string)reference).TrimStart('#', '/').Split('/'))
            {
                current = Map(current)[part];
            }

            node = Map(current);
        }

        return node;
    }

    private static bool Matches(string template, string path) =>
        Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.None, TimeSpan.FromSeconds(1));

    private static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;

    private static List<object> List(object node) => (List<object>)node;
}
