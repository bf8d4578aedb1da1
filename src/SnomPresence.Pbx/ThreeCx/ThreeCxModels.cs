using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>The part of <c>Pbx.User</c> the sync reads; property names as in the XAPI swagger.</summary>
internal sealed record ThreeCxUser(
    int Id,
    string? Number,
    string? DisplayName,
    string? FirstName,
    string? LastName,
    string? CurrentProfileName,
    string? QueueStatus,
    JsonArray? ForwardingProfiles)
{
    /// <summary>The global queue log-in (<c>Pbx.QueueStatus</c>), or null when 3CX did not say.</summary>
    public bool? QueueLoggedIn => QueueStatus switch
    {
        "LoggedIn" => true,
        "LoggedOut" => false,
        _ => null,
    };
}

/// <summary>One page of an OData collection: its items, the link to the next page and the total when asked for.</summary>
internal sealed record ThreeCxPage<T>(
    [property: JsonPropertyName("value")] List<T>? Value,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink,
    [property: JsonPropertyName("@odata.count")] int? Count);

/// <summary>The part of <c>Pbx.Group</c> (a department) the sync reads.</summary>
internal sealed record ThreeCxGroup(int Id, string? Name);

/// <summary>The part of <c>Pbx.UserGroup</c>, a group's member, the sync reads: <c>Number</c> is the member's extension.</summary>
internal sealed record ThreeCxGroupMember(int Id, string? Number);

/// <summary>What <c>Pbx.GetSystemParameters()</c> answers that the sync uses.</summary>
internal sealed record ThreeCxSystemParameters(string? Custom1Name, string? Custom2Name, string? Version);

/// <summary>The <c>Pbx.PhonesSettings</c> singleton, as far as the sync reads it.</summary>
internal sealed record ThreeCxPhonesSettings(string? CustomDNDProfile);

/// <summary>OData's error answer: <c>{"error":{"code","message"}}</c>.</summary>
internal sealed record ThreeCxError([property: JsonPropertyName("error")] ThreeCxErrorBody? Error);

internal sealed record ThreeCxErrorBody(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(ThreeCxPage<ThreeCxUser>))]
[JsonSerializable(typeof(ThreeCxPage<ThreeCxGroup>))]
[JsonSerializable(typeof(ThreeCxPage<ThreeCxGroupMember>))]
[JsonSerializable(typeof(ThreeCxSystemParameters))]
[JsonSerializable(typeof(ThreeCxPhonesSettings))]
[JsonSerializable(typeof(ThreeCxError))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ThreeCxJsonContext : JsonSerializerContext;
