using System.Text.Json;
using System.Text.Json.Serialization;
using SnomPresence.Presence;

namespace SnomPresence.Stores;

/// <summary>
/// The stored JSON form of <see cref="ForwardingSettings"/>, shared by every store: per status its route and the
/// target of each slot, by their stable ids. A status or slot missing from the document has its default. Documents
/// written before routes could differ per status (<c>available</c> and <c>away</c>) read as before.
/// </summary>
internal static class ForwardingDocument
{
    public static string Serialize(ForwardingSettings settings)
    {
        var statuses = Enum.GetValues<PresenceStatus>().ToDictionary(
            EnumIds.Id,
            status => new StatusDocument(
                EnumIds.Id(settings.RouteOf(status)),
                settings.SlotsOf(status).ToDictionary(EnumIds.Id, slot => Target(settings.Get(status, slot)))));
        return JsonSerializer.Serialize(new Document(statuses, null, null), ForwardingJsonContext.Default.Document);
    }

    public static ForwardingSettings Deserialize(string json)
    {
        var document = JsonSerializer.Deserialize(json, ForwardingJsonContext.Default.Document)
            ?? throw new InvalidDataException("Stored forwarding is empty.");
        var settings = ForwardingSettings.Default;
        foreach (var (statusId, status) in document.Statuses ?? [])
        {
            var parsed = EnumIds.Parse<PresenceStatus>(statusId);
            settings = settings.WithRoute(parsed, EnumIds.Parse<RouteType>(status.Route));
            foreach (var (slotId, target) in status.Slots)
            {
                settings = settings.With(parsed, EnumIds.Parse<ForwardingSlot>(slotId), Target(target));
            }
        }

        if (document.Available is { } available)
        {
            settings = With(settings, PresenceStatus.Available, ForwardingSlot.NoAnswerInternal, available.NoAnswer);
            settings = With(settings, PresenceStatus.Available, ForwardingSlot.BusyInternal, available.Busy);
            settings = With(settings, PresenceStatus.Available, ForwardingSlot.NotRegisteredInternal, available.NotRegistered);
        }

        foreach (var (statusId, pair) in document.Away ?? [])
        {
            settings = With(settings, EnumIds.Parse<PresenceStatus>(statusId), ForwardingSlot.Internal, pair);
        }

        return settings;
    }

    private static ForwardingSettings With(ForwardingSettings settings, PresenceStatus status, ForwardingSlot internalSlot, PairDocument pair) =>
        settings.With(status, internalSlot, Target(pair.Internal)).With(status, ForwardingSlots.Counterpart(internalSlot), Target(pair.External));

    private static TargetDocument Target(ForwardingTarget target) => new(EnumIds.Id(target.Kind), target.Number);

    private static ForwardingTarget Target(TargetDocument target) =>
        ForwardingTarget.TryCreate(EnumIds.Parse<ForwardingKind>(target.Kind), target.Number, out var parsed, out var error)
            ? parsed
            : throw new InvalidDataException($"Stored forwarding target is invalid: {error}");

    /// <param name="Available">Legacy: the ring-first rules of available.</param>
    /// <param name="Away">Legacy: the immediate pair of every other status.</param>
    internal sealed record Document(Dictionary<string, StatusDocument>? Statuses, AvailableDocument? Available, Dictionary<string, PairDocument>? Away);

    internal sealed record StatusDocument(string Route, Dictionary<string, TargetDocument> Slots);

    internal sealed record AvailableDocument(PairDocument NoAnswer, PairDocument Busy, PairDocument NotRegistered);

    internal sealed record PairDocument(TargetDocument Internal, TargetDocument External);

    internal sealed record TargetDocument(string Kind, string? Number);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ForwardingDocument.Document))]
internal sealed partial class ForwardingJsonContext : JsonSerializerContext;
