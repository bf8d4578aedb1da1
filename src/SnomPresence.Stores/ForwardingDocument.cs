using System.Text.Json;
using System.Text.Json.Serialization;
using SnomPresence.Presence;

namespace SnomPresence.Stores;

/// <summary>
/// The stored JSON form of <see cref="ForwardingSettings"/>, shared by every store. Kinds and statuses are stored by
/// their stable ids; a status missing from the document falls back to the default pair.
/// </summary>
internal static class ForwardingDocument
{
    public static string Serialize(ForwardingSettings settings)
    {
        var document = new Document(
            new AvailableDocument(Pair(settings.Available.NoAnswer), Pair(settings.Available.Busy), Pair(settings.Available.NotRegistered)),
            settings.Away.ToDictionary(p => EnumIds.Id(p.Key), p => Pair(p.Value)));
        return JsonSerializer.Serialize(document, ForwardingJsonContext.Default.Document);
    }

    public static ForwardingSettings Deserialize(string json)
    {
        var document = JsonSerializer.Deserialize(json, ForwardingJsonContext.Default.Document)
            ?? throw new InvalidDataException("Stored forwarding is empty.");
        var away = ForwardingSettings.Default.Away;
        foreach (var (statusId, pair) in document.Away ?? [])
        {
            away = away.SetItem(EnumIds.Parse<PresenceStatus>(statusId), Pair(pair));
        }

        return new ForwardingSettings(
            new AvailableForwarding(Pair(document.Available.NoAnswer), Pair(document.Available.Busy), Pair(document.Available.NotRegistered)),
            away);
    }

    private static PairDocument Pair(ForwardingPair pair) => new(Target(pair.Internal), Target(pair.External));

    private static TargetDocument Target(ForwardingTarget target) => new(EnumIds.Id(target.Kind), target.Number);

    private static ForwardingPair Pair(PairDocument pair) => new(Target(pair.Internal), Target(pair.External));

    private static ForwardingTarget Target(TargetDocument target) =>
        ForwardingTarget.TryCreate(EnumIds.Parse<ForwardingKind>(target.Kind), target.Number, out var parsed, out var error)
            ? parsed
            : throw new InvalidDataException($"Stored forwarding target is invalid: {error}");

    internal sealed record Document(AvailableDocument Available, Dictionary<string, PairDocument>? Away);

    internal sealed record AvailableDocument(PairDocument NoAnswer, PairDocument Busy, PairDocument NotRegistered);

    internal sealed record PairDocument(TargetDocument Internal, TargetDocument External);

    internal sealed record TargetDocument(string Kind, string? Number);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ForwardingDocument.Document))]
internal sealed partial class ForwardingJsonContext : JsonSerializerContext;
