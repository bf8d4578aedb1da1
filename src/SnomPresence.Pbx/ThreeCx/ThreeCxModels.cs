using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>The part of <c>Pbx.User</c> the sync reads; property names as in the XAPI swagger.</summary>
internal sealed record ThreeCxUser(int Id, string? Number, string? CurrentProfileName, string? QueueStatus, JsonArray? ForwardingProfiles)
{
    /// <summary>The global queue log-in (<c>Pbx.QueueStatus</c>), or null when 3CX did not say.</summary>
    public bool? QueueLoggedIn => QueueStatus switch
    {
        "LoggedIn" => true,
        "LoggedOut" => false,
        _ => null,
    };
}

internal sealed record ThreeCxUserPage(
    [property: JsonPropertyName("value")] List<ThreeCxUser>? Value,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink);

internal sealed record ThreeCxSystemParameters(string? Custom1Name, string? Custom2Name);

[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(ThreeCxUserPage))]
[JsonSerializable(typeof(ThreeCxSystemParameters))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ThreeCxJsonContext : JsonSerializerContext;
