using System.Buffers;
using System.Collections.Immutable;

namespace SnomPresence.Presence;

/// <summary>Where a call goes. Ids: none (ring normally), voicemail, extension, colleague-voicemail, external, busy.</summary>
public enum ForwardingKind
{
    None,
    Voicemail,
    Extension,
    ColleagueVoicemail,
    External,
    Busy,
}

/// <summary>A forwarding target; <see cref="Number"/> is set for the kinds that need one.</summary>
public sealed record ForwardingTarget
{
    /// <summary>Longest external number accepted: E.164 allows 15 digits, a dial prefix adds a few.</summary>
    public const int MaxExternalLength = 20;

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private ForwardingTarget(ForwardingKind kind, string? number)
    {
        Kind = kind;
        Number = number;
    }

    public ForwardingKind Kind { get; }

    public string? Number { get; }

    public static ForwardingTarget Ring { get; } = new(ForwardingKind.None, null);

    public static ForwardingTarget OwnVoicemail { get; } = new(ForwardingKind.Voicemail, null);

    public static ForwardingTarget BusySignal { get; } = new(ForwardingKind.Busy, null);

    public static ForwardingTarget ToExtension(Extension extension) => new(ForwardingKind.Extension, extension.Value);

    public static ForwardingTarget ToColleagueVoicemail(Extension extension) => new(ForwardingKind.ColleagueVoicemail, extension.Value);

    /// <summary>Builds a target from untrusted input; on failure <paramref name="error"/> says why, in English.</summary>
    public static bool TryCreate(ForwardingKind kind, string? number, out ForwardingTarget target, out string error)
    {
        target = Ring;
        error = string.Empty;
        switch (kind)
        {
            case ForwardingKind.Extension or ForwardingKind.ColleagueVoicemail:
                if (!Presence.Extension.TryParse(number, out var extension))
                {
                    error = $"'{kind}' needs an extension number: digits only, at most {Presence.Extension.MaxLength}.";
                    return false;
                }

                target = new ForwardingTarget(kind, extension.Value);
                return true;
            case ForwardingKind.External:
                if (!IsExternalNumber(number))
                {
                    error = $"'external' needs a phone number: digits with an optional leading +, 3 to {MaxExternalLength} digits.";
                    return false;
                }

                target = new ForwardingTarget(kind, number);
                return true;
            default:
                if (!string.IsNullOrEmpty(number))
                {
                    error = $"'{EnumIds.Id(kind)}' takes no number.";
                    return false;
                }

                target = new ForwardingTarget(kind, null);
                return true;
        }
    }

    private static bool IsExternalNumber(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return false;
        }

        var digits = number.StartsWith('+') ? number.AsSpan(1) : number.AsSpan();
        return digits.Length is >= 3 and <= MaxExternalLength && !digits.ContainsAnyExcept(Digits);
    }
}

/// <summary>One target for internal and one for external callers.</summary>
public sealed record ForwardingPair(ForwardingTarget Internal, ForwardingTarget External);

/// <summary>While available, calls ring first; these apply when nobody answers, the line is busy or no phone is registered.</summary>
public sealed record AvailableForwarding(ForwardingPair NoAnswer, ForwardingPair Busy, ForwardingPair NotRegistered);

/// <summary>
/// Forwarding for every status of one extension: ring-first rules for <see cref="PresenceStatus.Available"/> and an
/// immediate pair for each other status (the shape of 3CX's AvailableRoute and AwayRoute).
/// </summary>
public sealed record ForwardingSettings(AvailableForwarding Available, ImmutableDictionary<PresenceStatus, ForwardingPair> Away)
{
    /// <summary>
    /// The defaults the help article recommends: away from the desk, colleagues hear a busy signal and external
    /// callers reach the voicemail; while available an unanswered call goes to the voicemail.
    /// </summary>
    public static ForwardingSettings Default { get; } = new(
        new AvailableForwarding(
            new ForwardingPair(ForwardingTarget.OwnVoicemail, ForwardingTarget.OwnVoicemail),
            new ForwardingPair(ForwardingTarget.OwnVoicemail, ForwardingTarget.OwnVoicemail),
            new ForwardingPair(ForwardingTarget.OwnVoicemail, ForwardingTarget.OwnVoicemail)),
        Enum.GetValues<PresenceStatus>()
            .Where(s => s != PresenceStatus.Available)
            .ToImmutableDictionary(s => s, _ => new ForwardingPair(ForwardingTarget.BusySignal, ForwardingTarget.OwnVoicemail)));

    /// <summary>The immediate forwarding of a status other than available.</summary>
    public ForwardingPair ForAway(PresenceStatus status) =>
        status == PresenceStatus.Available
            ? throw new ArgumentException("Available has ring-first rules, not an immediate pair.", nameof(status))
            : Away.TryGetValue(status, out var pair) ? pair : Default.Away[status];

    public ForwardingSettings WithAway(PresenceStatus status, ForwardingPair pair) =>
        status == PresenceStatus.Available
            ? throw new ArgumentException("Available has ring-first rules, not an immediate pair.", nameof(status))
            : this with { Away = Away.SetItem(status, pair) };

    public bool Equals(ForwardingSettings? other) =>
        other is not null
        && Available == other.Available
        && Enum.GetValues<PresenceStatus>().Where(s => s != PresenceStatus.Available).All(s => ForAway(s) == other.ForAway(s));

    public override int GetHashCode() => Available.GetHashCode();
}

/// <summary>
/// One place a target sits: internal or external for the statuses that forward at once; no answer, busy or not
/// registered, each internal or external, for available. Ids: internal, no-answer-external, …
/// </summary>
public enum ForwardingSlot
{
    Internal,
    External,
    NoAnswerInternal,
    NoAnswerExternal,
    BusyInternal,
    BusyExternal,
    NotRegisteredInternal,
    NotRegisteredExternal,
}

public static class ForwardingSlots
{
    private static readonly ForwardingSlot[] Away = [ForwardingSlot.Internal, ForwardingSlot.External];

    private static readonly ForwardingSlot[] Available =
    [
        ForwardingSlot.NoAnswerInternal, ForwardingSlot.NoAnswerExternal,
        ForwardingSlot.BusyInternal, ForwardingSlot.BusyExternal,
        ForwardingSlot.NotRegisteredInternal, ForwardingSlot.NotRegisteredExternal,
    ];

    /// <summary>The slots a status has, in the order a menu lists them.</summary>
    public static IReadOnlyList<ForwardingSlot> For(PresenceStatus status) => status == PresenceStatus.Available ? Available : Away;

    public static ForwardingTarget Get(this ForwardingSettings settings, PresenceStatus status, ForwardingSlot slot)
    {
        var pair = PairOf(settings, status, slot);
        return IsInternal(slot) ? pair.Internal : pair.External;
    }

    public static ForwardingSettings With(this ForwardingSettings settings, PresenceStatus status, ForwardingSlot slot, ForwardingTarget target)
    {
        var pair = PairOf(settings, status, slot);
        pair = IsInternal(slot) ? pair with { Internal = target } : pair with { External = target };
        if (status != PresenceStatus.Available)
        {
            return settings.WithAway(status, pair);
        }

        var available = settings.Available;
        return settings with
        {
            Available = slot switch
            {
                ForwardingSlot.NoAnswerInternal or ForwardingSlot.NoAnswerExternal => available with { NoAnswer = pair },
                ForwardingSlot.BusyInternal or ForwardingSlot.BusyExternal => available with { Busy = pair },
                _ => available with { NotRegistered = pair },
            },
        };
    }

    private static bool IsInternal(ForwardingSlot slot) =>
        slot is ForwardingSlot.Internal or ForwardingSlot.NoAnswerInternal or ForwardingSlot.BusyInternal or ForwardingSlot.NotRegisteredInternal;

    private static ForwardingPair PairOf(ForwardingSettings settings, PresenceStatus status, ForwardingSlot slot)
    {
        if (!For(status).Contains(slot))
        {
            throw new ArgumentException($"'{EnumIds.Id(status)}' has no slot '{EnumIds.Id(slot)}'.", nameof(slot));
        }

        return slot switch
        {
            ForwardingSlot.Internal or ForwardingSlot.External => settings.ForAway(status),
            ForwardingSlot.NoAnswerInternal or ForwardingSlot.NoAnswerExternal => settings.Available.NoAnswer,
            ForwardingSlot.BusyInternal or ForwardingSlot.BusyExternal => settings.Available.Busy,
            _ => settings.Available.NotRegistered,
        };
    }
}
