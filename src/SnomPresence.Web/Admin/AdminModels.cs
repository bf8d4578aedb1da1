using SnomPresence.Presence;

namespace SnomPresence.Web.Admin;

/// <summary>An extension as the admin API shows it. Ids are the stable ones: dnd, business-trip, phone, …</summary>
/// <param name="DisplayName">The person's name, or null: set by an admin, else from 3CX, else the phone inventory's display name.</param>
/// <param name="NameSource">Where <paramref name="DisplayName"/> comes from: admin, pbx or inventory.</param>
/// <param name="PbxParked">Set while 3CX refuses this extension's change: why, and since when.</param>
internal sealed record ExtensionModel(
    string Extension,
    string Status,
    string Label,
    DateTimeOffset Since,
    string Source,
    DateTimeOffset? ExpiresAt,
    long Version,
    bool QueueLoggedIn,
    string? Language,
    string? DisplayName,
    string? NameSource,
    Dictionary<string, StatusForwardingModel> Forwarding,
    PbxParkedModel? PbxParked)
{
    public static ExtensionModel From(PresenceState state, StatusLabels labels, Language language, PbxParking? parked) => new(
        state.Extension.Value,
        EnumIds.Id(state.Status),
        labels.Label(state.Status, language),
        state.Since,
        EnumIds.Id(state.Source),
        state.ExpiresAt,
        state.Version,
        state.QueueLoggedIn,
        state.Language is { } own ? EnumIds.Id(own) : null,
        state.Name?.Text,
        state.Name is { } name ? EnumIds.Id(name.Source) : null,
        StatusForwardingModel.AllFrom(state.Forwarding),
        parked is null ? null : new PbxParkedModel(parked.Reason, parked.At));
}

/// <summary>A change 3CX refused, parked until the configuration changes or an admin asks for a retry.</summary>
internal sealed record PbxParkedModel(string Reason, DateTimeOffset Since);

/// <param name="DisplayName">The person's name, 1 to 64 characters; it wins over 3CX's and the inventory's. Null leaves the name as it is.</param>
internal sealed record CreateExtensionModel(string? DisplayName);

/// <param name="Favourites">Extensions the phone lists first among colleagues, in this order.</param>
internal sealed record FavouritesModel(string[]? Favourites);

internal sealed record SetStatusModel(string? Status, DateTimeOffset? ExpiresAt);

internal sealed record SetQueueModel(bool? LoggedIn);

/// <param name="Language">de or en; null for the office default (<c>Snom:Language</c>).</param>
internal sealed record SetLanguageModel(string? Language);

internal sealed record TargetModel(string? Kind, string? Number)
{
    public static TargetModel From(ForwardingTarget target) => new(EnumIds.Id(target.Kind), target.Number);
}

internal sealed record PairModel(TargetModel? Internal, TargetModel? External);

/// <summary>
/// Forwarding of one status. <c>route</c> is 3CX's for that status: <c>ring-first</c> has <c>noAnswer</c>,
/// <c>busy</c> and <c>notRegistered</c>, each with internal and external targets; <c>immediate</c> has
/// <c>internal</c> and <c>external</c>. A target set in 3CX that this service does not set (queue, ring-group,
/// ivr, pbx) may be sent back unchanged, never set anew.
/// </summary>
internal sealed record StatusForwardingModel(
    string? Route = null,
    TargetModel? Internal = null,
    TargetModel? External = null,
    PairModel? NoAnswer = null,
    PairModel? Busy = null,
    PairModel? NotRegistered = null)
{
    private static readonly (string Group, ForwardingSlot Internal)[] Cases =
        [("noAnswer", ForwardingSlot.NoAnswerInternal), ("busy", ForwardingSlot.BusyInternal), ("notRegistered", ForwardingSlot.NotRegisteredInternal)];

    public static Dictionary<string, StatusForwardingModel> AllFrom(ForwardingSettings settings) =>
        Enum.GetValues<PresenceStatus>().ToDictionary(EnumIds.Id, status => From(settings, status));

    public static StatusForwardingModel From(ForwardingSettings settings, PresenceStatus status)
    {
        TargetModel Target(ForwardingSlot slot) => TargetModel.From(settings.Get(status, slot));
        PairModel Pair(ForwardingSlot internalSlot) => new(Target(internalSlot), Target(ForwardingSlots.Counterpart(internalSlot)));
        var route = settings.RouteOf(status);
        return route == RouteType.RingFirst
            ? new(EnumIds.Id(route), NoAnswer: Pair(ForwardingSlot.NoAnswerInternal), Busy: Pair(ForwardingSlot.BusyInternal), NotRegistered: Pair(ForwardingSlot.NotRegisteredInternal))
            : new(EnumIds.Id(route), Internal: Target(ForwardingSlot.Internal), External: Target(ForwardingSlot.External));
    }

    /// <summary>Names each external number <paramref name="policy"/> refuses in <paramref name="errors"/>, by its field.</summary>
    public void CheckNumbers(ForwardingNumberPolicy policy, Dictionary<string, string[]> errors)
    {
        (string Path, TargetModel? Target)[] targets =
        [
            ("internal", Internal), ("external", External),
            ("noAnswer.internal", NoAnswer?.Internal), ("noAnswer.external", NoAnswer?.External),
            ("busy.internal", Busy?.Internal), ("busy.external", Busy?.External),
            ("notRegistered.internal", NotRegistered?.Internal), ("notRegistered.external", NotRegistered?.External),
        ];
        foreach (var (path, target) in targets)
        {
            if (target is { Number: { } number } && EnumIds.TryParse<ForwardingKind>(target.Kind, out var kind) && kind == ForwardingKind.External
                && !policy.Permits(number, out var reason))
            {
                errors[path + ".number"] = [reason];
            }
        }
    }

    /// <summary>Applies this model to <paramref name="settings"/>, or names each bad field in <paramref name="errors"/>.</summary>
    public ForwardingSettings? ApplyTo(ForwardingSettings settings, PresenceStatus status, Dictionary<string, string[]> errors)
    {
        var route = settings.RouteOf(status);
        if (Route is not null && !(EnumIds.TryParse<RouteType>(Route, out var asked) && asked == route))
        {
            errors["route"] = [$"'{EnumIds.Id(status)}' forwards {EnumIds.Id(route)} here, as 3CX's profile for it does; the route is 3CX's to change."];
        }

        var targets = new List<(ForwardingSlot Slot, string Path, TargetModel? Model)>();
        if (route == RouteType.RingFirst)
        {
            RejectPresent(errors, route, ("internal", Internal), ("external", External));
            foreach (var (group, internalSlot) in Cases)
            {
                var pair = group switch { "noAnswer" => NoAnswer, "busy" => Busy, _ => NotRegistered };
                if (pair is null)
                {
                    errors[group] = ["Required."];
                    continue;
                }

                targets.Add((internalSlot, group + ".internal", pair.Internal));
                targets.Add((ForwardingSlots.Counterpart(internalSlot), group + ".external", pair.External));
            }
        }
        else
        {
            RejectPresent(errors, route, ("noAnswer", NoAnswer), ("busy", Busy), ("notRegistered", NotRegistered));
            targets.Add((ForwardingSlot.Internal, "internal", Internal));
            targets.Add((ForwardingSlot.External, "external", External));
        }

        var applied = settings;
        foreach (var (slot, path, model) in targets)
        {
            if (ParseTarget(path, model, settings.Get(status, slot), errors) is { } target)
            {
                applied = applied.With(status, slot, target);
            }
        }

        return errors.Count == 0 ? applied : null;
    }

    private static void RejectPresent(Dictionary<string, string[]> errors, RouteType route, params (string Field, object? Value)[] fields)
    {
        foreach (var (field, value) in fields.Where(f => f.Value is not null))
        {
            errors[field] = [$"'{field}' does not apply to a {EnumIds.Id(route)} route; ring-first takes noAnswer, busy and notRegistered, immediate takes internal and external."];
        }
    }

    /// <summary>The target a model asks for; a kind only 3CX sets is accepted only as the slot's current target, kept.</summary>
    private static ForwardingTarget? ParseTarget(string path, TargetModel? model, ForwardingTarget current, Dictionary<string, string[]> errors)
    {
        if (model is null)
        {
            errors[path] = ["Required."];
            return null;
        }

        if (!EnumIds.TryParse<ForwardingKind>(model.Kind, out var kind))
        {
            errors[path + ".kind"] = [$"Must be one of: {string.Join(", ", EnumIds.All<ForwardingKind>())}."];
            return null;
        }

        if (!ForwardingTarget.TryCreate(kind, model.Number, out var target, out var error))
        {
            errors[path + ".number"] = [error];
            return null;
        }

        if (!ForwardingTarget.Settable.Contains(kind) && target != current)
        {
            errors[path + ".kind"] = [$"'{EnumIds.Id(kind)}' is not a target 3CX can be given here; choose one of: {string.Join(", ", ForwardingTarget.Settable.Select(EnumIds.Id))}. A target set in 3CX can only be kept."];
            return null;
        }

        return target;
    }
}

internal sealed record HistoryModel(
    long Version, DateTimeOffset At, string Kind, string Status, DateTimeOffset? ExpiresAt, string Source, string? Origin)
{
    public static HistoryModel From(PresenceHistoryEntry entry) => new(
        entry.Version, entry.At, EnumIds.Id(entry.Kind), EnumIds.Id(entry.Status), entry.ExpiresAt, EnumIds.Id(entry.Source), entry.Origin);
}
