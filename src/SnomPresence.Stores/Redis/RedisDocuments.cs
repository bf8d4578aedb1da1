using System.Text.Json.Serialization;

namespace SnomPresence.Stores.Redis;

/// <summary>One history entry as stored in the extension's history (a sorted set scored by version); times in unix ms.</summary>
internal sealed record HistoryDocument(long Version, long At, string Kind, string Status, long? ExpiresAt, string Source, string? Origin);

/// <summary>One inventory phone as stored in the inventory hash under its MAC, secrets included: settings files need them.</summary>
internal sealed record PhoneDocument(
    string Model,
    string[] Extensions,
    string? DisplayName,
    string? Language,
    string? WebUser,
    string? WebPassword,
    string Token,
    string? PreviousToken,
    long? PreviousValidUntil,
    long UpdatedAt,
    long? EnrollmentUntil = null);

/// <summary>One group as stored in the groups hash under its id.</summary>
internal sealed record GroupDocument(string Name, string Source, string[] Members);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryDocument))]
[JsonSerializable(typeof(PhoneDocument))]
[JsonSerializable(typeof(GroupDocument))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
