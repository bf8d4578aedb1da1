using System.Text.Json.Nodes;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// Maps forwarding between our model and 3CX forwarding profiles: <c>AvailableRoute</c> (no answer, busy, not
/// registered) for available, <c>AwayRoute</c> (internal, external) for the other statuses. A slot is compared in
/// 3CX terms, so a target 3CX cannot tell apart from another (ring and busy both travel as <c>None</c>) never
/// flips back and forth; 3CX targets we cannot show (queue, ring group, IVR …) leave our side untouched.
/// </summary>
internal static class ThreeCxForwarding
{
    private static readonly (string Property, Func<AvailableForwarding, ForwardingTarget> Get, Func<AvailableForwarding, ForwardingTarget, AvailableForwarding> Set)[] AvailableSlots =
    [
        ("NoAnswerInternal", a => a.NoAnswer.Internal, (a, t) => a with { NoAnswer = a.NoAnswer with { Internal = t } }),
        ("NoAnswerExternal", a => a.NoAnswer.External, (a, t) => a with { NoAnswer = a.NoAnswer with { External = t } }),
        ("BusyInternal", a => a.Busy.Internal, (a, t) => a with { Busy = a.Busy with { Internal = t } }),
        ("BusyExternal", a => a.Busy.External, (a, t) => a with { Busy = a.Busy with { External = t } }),
        ("NotRegisteredInternal", a => a.NotRegistered.Internal, (a, t) => a with { NotRegistered = a.NotRegistered with { Internal = t } }),
        ("NotRegisteredExternal", a => a.NotRegistered.External, (a, t) => a with { NotRegistered = a.NotRegistered with { External = t } }),
    ];

    /// <summary>Our settings with every slot 3CX has differently (and we can represent) taken from 3CX.</summary>
    public static ForwardingSettings Merge(ForwardingSettings local, JsonArray profiles, ProfileMap map)
    {
        var merged = local;
        foreach (var status in Enum.GetValues<PresenceStatus>())
        {
            if (FindProfile(profiles, map.ProfileName(status)) is not { } profile)
            {
                continue;
            }

            if (status == PresenceStatus.Available)
            {
                if (profile["AvailableRoute"] is not JsonObject route)
                {
                    continue;
                }

                var available = merged.Available;
                foreach (var (property, get, set) in AvailableSlots)
                {
                    if (Take(get(available), route[property]) is { } target)
                    {
                        available = set(available, target);
                    }
                }

                merged = merged with { Available = available };
            }
            else if (profile["AwayRoute"] is JsonObject away)
            {
                var pair = merged.ForAway(status);
                pair = new ForwardingPair(Take(pair.Internal, away["Internal"]) ?? pair.Internal, Take(pair.External, away["External"]) ?? pair.External);
                merged = merged.WithAway(status, pair);
            }
        }

        return merged;
    }

    /// <summary>Writes our settings into the profiles 3CX sent, changing only slots that differ; true if any did.</summary>
    public static bool Apply(ForwardingSettings local, JsonArray profiles, ProfileMap map, Extension own)
    {
        var changed = false;
        foreach (var status in Enum.GetValues<PresenceStatus>())
        {
            if (FindProfile(profiles, map.ProfileName(status)) is not { } profile)
            {
                continue;
            }

            if (status == PresenceStatus.Available)
            {
                var route = profile["AvailableRoute"] as JsonObject ?? [];
                profile["AvailableRoute"] = route;
                foreach (var (property, get, _) in AvailableSlots)
                {
                    changed |= Put(route, property, get(local.Available), own);
                }
            }
            else
            {
                var route = profile["AwayRoute"] as JsonObject ?? [];
                profile["AwayRoute"] = route;
                var pair = local.ForAway(status);
                changed |= Put(route, "Internal", pair.Internal, own);
                changed |= Put(route, "External", pair.External, own);
            }
        }

        return changed;
    }

    /// <summary>What 3CX's destination means for us, or null when it means what we already have or nothing we can show.</summary>
    private static ForwardingTarget? Take(ForwardingTarget current, JsonNode? destination)
    {
        if (destination is not JsonObject d || Same(current, d))
        {
            return null;
        }

        var number = (string?)d["Number"];
        var (kind, value) = (string?)d["To"] switch
        {
            "VoiceMail" => (ForwardingKind.Voicemail, null),
            "Extension" => (ForwardingKind.Extension, number),
            "VoiceMailOfDestination" => (ForwardingKind.ColleagueVoicemail, number),
            "External" => (ForwardingKind.External, (string?)d["External"]),
            "None" or "Deflect" => (ForwardingKind.Busy, null),
            _ => ((ForwardingKind?)null, (string?)null),
        };
        return kind is { } k && ForwardingTarget.TryCreate(k, value, out var target, out _) ? target : null;
    }

    private static bool Put(JsonObject route, string property, ForwardingTarget target, Extension own)
    {
        if (route[property] is JsonObject existing && Same(target, existing))
        {
            return false;
        }

        // Keep what 3CX put there (Name, Type, Tags) and change only the fields that carry the target.
        var destination = route[property] as JsonObject ?? [];
        var (to, number, external) = ToPbx(target, own);
        destination["To"] = to;
        destination["Number"] = number;
        destination["External"] = external;
        // The peer behind the number: an extension for the extension-based targets, none for the others.
        destination["Type"] = number.Length > 0 ? "Extension" : "None";
        route[property] = destination;
        return true;
    }

    private static bool Same(ForwardingTarget target, JsonObject destination)
    {
        var (to, number, external) = ToPbx(target, ownOrAny: null);
        if (!string.Equals((string?)destination["To"], to, StringComparison.Ordinal))
        {
            return false;
        }

        return to switch
        {
            "Extension" or "VoiceMailOfDestination" => (string?)destination["Number"] == number,
            "External" => (string?)destination["External"] == external,
            _ => true,
        };
    }

    private static (string To, string Number, string External) ToPbx(ForwardingTarget target, Extension? ownOrAny) => target.Kind switch
    {
        ForwardingKind.Voicemail => ("VoiceMail", ownOrAny?.Value ?? string.Empty, string.Empty),
        ForwardingKind.Extension => ("Extension", target.Number!, string.Empty),
        ForwardingKind.ColleagueVoicemail => ("VoiceMailOfDestination", target.Number!, string.Empty),
        ForwardingKind.External => ("External", string.Empty, target.Number!),
        // 3CX has no "ring normally" for an immediate route and no separate busy target: both end the call there.
        _ => ("None", string.Empty, string.Empty),
    };

    private static JsonObject? FindProfile(JsonArray profiles, string name) =>
        profiles.OfType<JsonObject>().FirstOrDefault(p => string.Equals((string?)p["Name"], name, StringComparison.OrdinalIgnoreCase));
}
