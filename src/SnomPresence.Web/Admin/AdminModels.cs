using SnomPresence.Presence;

namespace SnomPresence.Web.Admin;

/// <summary>An extension as the admin API shows it. Ids are the stable ones: dnd, business-trip, phone, …</summary>
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
    Dictionary<string, StatusForwardingModel> Forwarding)
{
    public static ExtensionModel From(PresenceState state, StatusLabels labels, Language language) => new(
        state.Extension.Value,
        EnumIds.Id(state.Status),
        labels.Label(state.Status, language),
        state.Since,
        EnumIds.Id(state.Source),
        state.ExpiresAt,
        state.Version,
        state.QueueLoggedIn,
        state.Language is { } own ? EnumIds.Id(own) : null,
        StatusForwardingModel.AllFrom(state.Forwarding));
}

internal sealed record SetStatusModel(string? Status, DateTimeOffset? ExpiresAt);

internal sealed record SetQueueModel(bool? LoggedIn);

/// <param name="Language">de or en; null for the office default (<c>Snom:Language</c>).</param>
internal sealed record SetLanguageModel(string? Language);

internal sealed record TargetModel(string? Kind, string? Number)
{
    public static TargetModel From(ForwardingTarget target) => new(EnumIds.Id(target.Kind), target.Number);
}

internal sealed record PairModel(TargetModel? Internal, TargetModel? External)
{
    public static PairModel From(ForwardingPair pair) => new(TargetModel.From(pair.Internal), TargetModel.From(pair.External));
}

/// <summary>
/// Forwarding of one status. For <c>available</c>: <c>noAnswer</c>, <c>busy</c> and <c>notRegistered</c>, each
/// with internal and external targets. For every other status: <c>internal</c> and <c>external</c>.
/// </summary>
internal sealed record StatusForwardingModel(
    TargetModel? Internal = null,
    TargetModel? External = null,
    PairModel? NoAnswer = null,
    PairModel? Busy = null,
    PairModel? NotRegistered = null)
{
    public static Dictionary<string, StatusForwardingModel> AllFrom(ForwardingSettings settings) =>
        Enum.GetValues<PresenceStatus>().ToDictionary(EnumIds.Id, status => From(settings, status));

    public static StatusForwardingModel From(ForwardingSettings settings, PresenceStatus status)
    {
        if (status == PresenceStatus.Available)
        {
            var available = settings.Available;
            return new(NoAnswer: PairModel.From(available.NoAnswer), Busy: PairModel.From(available.Busy), NotRegistered: PairModel.From(available.NotRegistered));
        }

        var pair = settings.ForAway(status);
        return new(Internal: TargetModel.From(pair.Internal), External: TargetModel.From(pair.External));
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
        if (status == PresenceStatus.Available)
        {
            RejectPresent(errors, ("internal", Internal), ("external", External));
            var noAnswer = ParsePair("noAnswer", NoAnswer, errors);
            var busy = ParsePair("busy", Busy, errors);
            var notRegistered = ParsePair("notRegistered", NotRegistered, errors);
            return errors.Count == 0 ? settings with { Available = new AvailableForwarding(noAnswer!, busy!, notRegistered!) } : null;
        }

        RejectPresent(errors, ("noAnswer", NoAnswer), ("busy", Busy), ("notRegistered", NotRegistered));
        var pair = ParsePair(null, new PairModel(Internal, External), errors);
        return errors.Count == 0 ? settings.WithAway(status, pair!) : null;
    }

    private static void RejectPresent(Dictionary<string, string[]> errors, params (string Field, object? Value)[] fields)
    {
        foreach (var (field, value) in fields.Where(f => f.Value is not null))
        {
            errors[field] = [$"'{field}' does not apply to this status; available takes noAnswer, busy and notRegistered, the others internal and external."];
        }
    }

    private static ForwardingPair? ParsePair(string? prefix, PairModel? model, Dictionary<string, string[]> errors)
    {
        var path = prefix is null ? string.Empty : prefix + ".";
        if (model is null)
        {
            errors[prefix!] = ["Required."];
            return null;
        }

        var internalTarget = ParseTarget(path + "internal", model.Internal, errors);
        var externalTarget = ParseTarget(path + "external", model.External, errors);
        return internalTarget is null || externalTarget is null ? null : new ForwardingPair(internalTarget, externalTarget);
    }

    private static ForwardingTarget? ParseTarget(string path, TargetModel? model, Dictionary<string, string[]> errors)
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

        return target;
    }
}

internal sealed record HistoryModel(
    long Version, DateTimeOffset At, string Kind, string Status, DateTimeOffset? ExpiresAt, string Source, string? Origin)
{
    public static HistoryModel From(PresenceHistoryEntry entry) => new(
        entry.Version, entry.At, EnumIds.Id(entry.Kind), EnumIds.Id(entry.Status), entry.ExpiresAt, EnumIds.Id(entry.Source), entry.Origin);
}
