using System.Text.Json.Nodes;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// Forwarding between our model and 3CX's forwarding profiles (docs/3cx.md has the table with its sources).
/// <list type="bullet">
/// <item>A profile's route is the one 3CX filled in: <c>AvailableRoute</c> (ring first) or <c>AwayRoute</c> (immediate).</item>
/// <item>Reading takes what 3CX does in each slot: an away slot that is not set for all hours, an internal slot that
/// follows the all-calls destination (<c>*AllCalls</c>), and every destination we do not set ourselves (queue, ring
/// group, IVR, anything else) are read as what they are, so they are shown and kept.</item>
/// <item>Writing touches only the slots a change touched, in the profiles as 3CX sent them: everything else goes
/// back as read. An away slot is written for all hours; an internal available slot is split off the all-calls
/// destination without changing where external calls go.</item>
/// </list>
/// </summary>
internal static class ThreeCxForwarding
{
    private const string AvailableRoute = "AvailableRoute";
    private const string AwayRoute = "AwayRoute";

    /// <summary>Our settings with every status 3CX has a profile for taken from 3CX: its route and what each slot does.</summary>
    public static ForwardingSettings Merge(ForwardingSettings local, JsonArray profiles, ProfileMap map)
    {
        var merged = local;
        foreach (var status in Enum.GetValues<PresenceStatus>())
        {
            if (FindProfile(profiles, map.ProfileName(status)) is not { } profile)
            {
                continue;
            }

            merged = merged.WithRoute(status, RouteOf(profile) ?? merged.RouteOf(status));
            foreach (var slot in merged.SlotsOf(status))
            {
                merged = merged.With(status, slot, Read(profile, merged.RouteOf(status), slot));
            }
        }

        return merged;
    }

    /// <summary>
    /// Writes the targets <paramref name="local"/> has in the <paramref name="touched"/> slots into the profiles 3CX
    /// sent, where 3CX does something else there now; everything else stays as read. Answers whether anything changed
    /// and the touched slots that could not be written (the profile is missing or 3CX gives it another route).
    /// </summary>
    public static (bool Changed, ForwardingSlotSet Unwritable) Apply(
        ForwardingSettings local, ForwardingSlotSet touched, JsonArray profiles, ProfileMap map, Extension own)
    {
        var changed = false;
        var unwritable = ForwardingSlotSet.Empty;
        foreach (var (status, slot) in touched.Places())
        {
            var profile = FindProfile(profiles, map.ProfileName(status));
            if (!local.Has(status, slot) || profile is null || RouteOf(profile) != local.RouteOf(status))
            {
                unwritable = unwritable.With(status, slot);
                continue;
            }

            var target = local.Get(status, slot);
            if (!ForwardingTarget.Settable.Contains(target.Kind) || Read(profile, local.RouteOf(status), slot) == target)
            {
                // Kept from 3CX, or 3CX does it already.
                continue;
            }

            Write(profile, local.RouteOf(status), slot, target, own, touched.Contains(status, ForwardingSlots.Counterpart(slot)));
            changed = true;
        }

        return (changed, unwritable);
    }

    /// <summary>The route 3CX filled in for a profile, or null when it filled in both or neither.</summary>
    public static RouteType? RouteOf(JsonObject profile) => (profile[AvailableRoute], profile[AwayRoute]) switch
    {
        (JsonObject, not JsonObject) => RouteType.RingFirst,
        (not JsonObject, JsonObject) => RouteType.Immediate,
        _ => null,
    };

    /// <summary>What 3CX does in one slot of a profile, as our target.</summary>
    public static ForwardingTarget Read(JsonObject profile, RouteType route, ForwardingSlot slot)
    {
        if (route == RouteType.Immediate)
        {
            if (profile[AwayRoute] is not JsonObject away)
            {
                return ForwardingTarget.AsSetInPbx;
            }

            var side = slot == ForwardingSlot.Internal ? "Internal" : "External";
            // Not for all hours: 3CX forwards there only outside office hours, which nothing here can show or set.
            return (bool?)away["AllHours" + side] == false ? ForwardingTarget.AsSetInPbx : FromDestination(away[side]);
        }

        if (profile[AvailableRoute] is not JsonObject available)
        {
            return ForwardingTarget.AsSetInPbx;
        }

        var (state, isInternal) = Ring(slot);
        // With *AllCalls set, internal calls take the all-calls destination, which the XAPI carries as the external one.
        var followsAllCalls = isInternal && (bool?)available[state + "AllCalls"] == true;
        return FromDestination(available[state + (isInternal && !followsAllCalls ? "Internal" : "External")]);
    }

    /// <summary>A 3CX <c>Pbx.Destination</c> as our target; destinations we do not set ourselves are kept as what they are.</summary>
    public static ForwardingTarget FromDestination(JsonNode? destination)
    {
        if (destination is not JsonObject d)
        {
            return ForwardingTarget.AsSetInPbx;
        }

        var number = (string?)d["Number"];
        var (kind, value) = (string?)d["To"] switch
        {
            "VoiceMail" => (ForwardingKind.Voicemail, null),
            "Extension" => (ForwardingKind.Extension, number),
            "VoiceMailOfDestination" => (ForwardingKind.ColleagueVoicemail, number),
            "External" => (ForwardingKind.External, (string?)d["External"]),
            // 3CX ends the call there: the caller hears busy.
            "None" => (ForwardingKind.Busy, null),
            "Queue" => (ForwardingKind.Queue, number),
            "RingGroup" => (ForwardingKind.RingGroup, number),
            "IVR" => (ForwardingKind.Ivr, number),
            // Fax, Boomerang, Deflect, Callback, RoutePoint, ProceedWithNoExceptions and whatever comes next.
            _ => (ForwardingKind.Pbx, (string?)null),
        };
        return ForwardingTarget.TryCreate(kind, value, out var target, out _) ? target : ForwardingTarget.AsSetInPbx;
    }

    private static void Write(JsonObject profile, RouteType route, ForwardingSlot slot, ForwardingTarget target, Extension own, bool counterpartTouched)
    {
        if (route == RouteType.Immediate)
        {
            var away = (JsonObject)profile[AwayRoute]!;
            var side = slot == ForwardingSlot.Internal ? "Internal" : "External";
            away[side] = ToDestination(target, own);
            // What the phone shows holds around the clock, not only outside office hours.
            away["AllHours" + side] = true;
            return;
        }

        var available = (JsonObject)profile[AvailableRoute]!;
        var (state, isInternal) = Ring(slot);
        if ((bool?)available[state + "AllCalls"] == true)
        {
            // Internal and external part ways now. Internal calls followed the all-calls (external) destination: they
            // keep doing so unless this change sets them too.
            available[state + "AllCalls"] = false;
            if (!isInternal && !counterpartTouched)
            {
                available[state + "Internal"] = available[state + "External"]?.DeepClone();
            }
        }

        available[state + (isInternal ? "Internal" : "External")] = ToDestination(target, own);
    }

    private static JsonObject ToDestination(ForwardingTarget target, Extension own)
    {
        var (to, number, external) = target.Kind switch
        {
            ForwardingKind.Voicemail => ("VoiceMail", own.Value, string.Empty),
            ForwardingKind.Extension => ("Extension", target.Number!, string.Empty),
            ForwardingKind.ColleagueVoicemail => ("VoiceMailOfDestination", target.Number!, string.Empty),
            ForwardingKind.External => ("External", string.Empty, target.Number!),
            ForwardingKind.Busy => ("None", string.Empty, string.Empty),
            _ => throw new ArgumentException($"'{EnumIds.Id(target.Kind)}' is not a target this service sets in 3CX.", nameof(target)),
        };
        return new JsonObject
        {
            ["To"] = to,
            ["Number"] = number,
            ["External"] = external,
            ["Name"] = string.Empty,
            // The peer behind the number: an extension for the extension-based targets, none for the others.
            ["Type"] = number.Length > 0 ? "Extension" : "None",
            ["Tags"] = new JsonArray(),
        };
    }

    /// <summary>The 3CX case (NoAnswer, Busy, NotRegistered) of a ring-first slot, and whether it is the internal one.</summary>
    private static (string State, bool Internal) Ring(ForwardingSlot slot) => slot switch
    {
        ForwardingSlot.NoAnswerInternal => ("NoAnswer", true),
        ForwardingSlot.NoAnswerExternal => ("NoAnswer", false),
        ForwardingSlot.BusyInternal => ("Busy", true),
        ForwardingSlot.BusyExternal => ("Busy", false),
        ForwardingSlot.NotRegisteredInternal => ("NotRegistered", true),
        ForwardingSlot.NotRegisteredExternal => ("NotRegistered", false),
        _ => throw new ArgumentException($"'{EnumIds.Id(slot)}' is not a slot of a ring-first route.", nameof(slot)),
    };

    public static JsonObject? FindProfile(JsonArray profiles, string name) =>
        profiles.OfType<JsonObject>().FirstOrDefault(p => string.Equals((string?)p["Name"], name, StringComparison.OrdinalIgnoreCase));
}
