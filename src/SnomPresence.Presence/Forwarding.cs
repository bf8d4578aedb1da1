using System.Buffers;
using System.Collections.Immutable;

namespace SnomPresence.Presence;

/// <summary>
/// Where a call goes. Ids: none (ring normally), voicemail, extension, colleague-voicemail, external, busy; and the
/// destinations only 3CX sets, which this service shows and keeps but never sets: queue, ring-group, ivr, and pbx
/// (anything else 3CX does there, e.g. a fax, a callback or a rule for office hours only).
/// </summary>
public enum ForwardingKind
{
    None,
    Voicemail,
    Extension,
    ColleagueVoicemail,
    External,
    Busy,
    Queue,
    RingGroup,
    Ivr,
    Pbx,
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

    /// <summary>
    /// Set in 3CX to something this service does not set itself (a queue, a ring group, …): shown, kept as it is, and
    /// replaced only when someone picks a new target for its slot.
    /// </summary>
    public bool IsKeptInPbx => Kind is ForwardingKind.Queue or ForwardingKind.RingGroup or ForwardingKind.Ivr or ForwardingKind.Pbx;

    public static ForwardingTarget Ring { get; } = new(ForwardingKind.None, null);

    public static ForwardingTarget OwnVoicemail { get; } = new(ForwardingKind.Voicemail, null);

    public static ForwardingTarget BusySignal { get; } = new(ForwardingKind.Busy, null);

    /// <summary>Whatever 3CX does there, when it is nothing this service can name.</summary>
    public static ForwardingTarget AsSetInPbx { get; } = new(ForwardingKind.Pbx, null);

    /// <summary>
    /// The kinds a user may pick for any slot, in menu order: each is a 3CX destination that does what its name says
    /// in every slot of either route. Ring normally is not among them: 3CX has no destination for it.
    /// </summary>
    public static IReadOnlyList<ForwardingKind> Settable { get; } =
        [ForwardingKind.Voicemail, ForwardingKind.Extension, ForwardingKind.ColleagueVoicemail, ForwardingKind.External, ForwardingKind.Busy];

    public static ForwardingTarget ToExtension(Extension extension) => new(ForwardingKind.Extension, extension.Value);

    public static ForwardingTarget ToColleagueVoicemail(Extension extension) => new(ForwardingKind.ColleagueVoicemail, extension.Value);

    /// <summary>True for the kinds that need a number.</summary>
    public static bool NeedsNumber(ForwardingKind kind) =>
        kind is ForwardingKind.Extension or ForwardingKind.ColleagueVoicemail or ForwardingKind.External
            or ForwardingKind.Queue or ForwardingKind.RingGroup or ForwardingKind.Ivr;

    /// <summary>Builds a target from untrusted input; on failure <paramref name="error"/> says why, in English.</summary>
    public static bool TryCreate(ForwardingKind kind, string? number, out ForwardingTarget target, out string error)
    {
        target = Ring;
        error = string.Empty;
        if (!Enum.IsDefined(kind))
        {
            error = $"'{kind}' is not a forwarding kind.";
            return false;
        }

        if (kind == ForwardingKind.External)
        {
            if (!IsExternalNumber(number))
            {
                error = $"'external' needs a phone number: digits with an optional leading +, 3 to {MaxExternalLength} digits.";
                return false;
            }

            target = new ForwardingTarget(kind, number);
            return true;
        }

        if (NeedsNumber(kind))
        {
            if (!Presence.Extension.TryParse(number, out var extension))
            {
                error = $"'{EnumIds.Id(kind)}' needs an extension number: digits only, at most {Presence.Extension.MaxLength}.";
                return false;
            }

            target = new ForwardingTarget(kind, extension.Value);
            return true;
        }

        if (!string.IsNullOrEmpty(number))
        {
            error = $"'{EnumIds.Id(kind)}' takes no number.";
            return false;
        }

        target = new ForwardingTarget(kind, null);
        return true;
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

/// <summary>
/// How a status forwards, as 3CX's profile for it does. Ids: ring-first (3CX <c>AvailableRoute</c>: calls ring, then
/// go on when nobody answers, the line is busy or no phone is registered) and immediate (<c>AwayRoute</c>: every call
/// goes straight on).
/// </summary>
public enum RouteType
{
    RingFirst,
    Immediate,
}

/// <summary>
/// One place a target sits: internal or external for an immediate route; no answer, busy or not registered, each
/// internal or external, for a ring-first one. Ids: internal, no-answer-external, …
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
    private static readonly ForwardingSlot[] Immediate = [ForwardingSlot.Internal, ForwardingSlot.External];

    private static readonly ForwardingSlot[] RingFirst =
    [
        ForwardingSlot.NoAnswerInternal, ForwardingSlot.NoAnswerExternal,
        ForwardingSlot.BusyInternal, ForwardingSlot.BusyExternal,
        ForwardingSlot.NotRegisteredInternal, ForwardingSlot.NotRegisteredExternal,
    ];

    /// <summary>The slots a route has, in the order a menu lists them.</summary>
    public static IReadOnlyList<ForwardingSlot> For(RouteType route) => route == RouteType.RingFirst ? RingFirst : Immediate;

    public static bool IsInternal(ForwardingSlot slot) =>
        slot is ForwardingSlot.Internal or ForwardingSlot.NoAnswerInternal or ForwardingSlot.BusyInternal or ForwardingSlot.NotRegisteredInternal;

    /// <summary>The slot for the other callers in the same case: no-answer-internal ↔ no-answer-external.</summary>
    public static ForwardingSlot Counterpart(ForwardingSlot slot) => slot switch
    {
        ForwardingSlot.Internal => ForwardingSlot.External,
        ForwardingSlot.External => ForwardingSlot.Internal,
        ForwardingSlot.NoAnswerInternal => ForwardingSlot.NoAnswerExternal,
        ForwardingSlot.NoAnswerExternal => ForwardingSlot.NoAnswerInternal,
        ForwardingSlot.BusyInternal => ForwardingSlot.BusyExternal,
        ForwardingSlot.BusyExternal => ForwardingSlot.BusyInternal,
        ForwardingSlot.NotRegisteredInternal => ForwardingSlot.NotRegisteredExternal,
        _ => ForwardingSlot.NotRegisteredInternal,
    };
}

/// <summary>
/// Forwarding for every status of one extension: the route each status has (3CX decides it per profile) and the
/// target in each of that route's slots. Defaults follow the help article: ring first while available, with an
/// unanswered, busy or unregistered call going to the voicemail; away from the desk, colleagues hear a busy signal
/// and external callers reach the voicemail.
/// </summary>
public sealed class ForwardingSettings : IEquatable<ForwardingSettings>
{
    private readonly ImmutableDictionary<PresenceStatus, RouteType> _routes;
    private readonly ImmutableDictionary<(PresenceStatus Status, ForwardingSlot Slot), ForwardingTarget> _targets;

    private ForwardingSettings(
        ImmutableDictionary<PresenceStatus, RouteType> routes, ImmutableDictionary<(PresenceStatus Status, ForwardingSlot Slot), ForwardingTarget> targets)
    {
        _routes = routes;
        _targets = targets;
    }

    public static ForwardingSettings Default { get; } = new(
        ImmutableDictionary<PresenceStatus, RouteType>.Empty,
        ImmutableDictionary<(PresenceStatus Status, ForwardingSlot Slot), ForwardingTarget>.Empty);

    /// <summary>The route a status has until 3CX says otherwise: ring first while available, immediate for the others.</summary>
    public static RouteType DefaultRoute(PresenceStatus status) => status == PresenceStatus.Available ? RouteType.RingFirst : RouteType.Immediate;

    public static ForwardingTarget DefaultTarget(RouteType route, ForwardingSlot slot) =>
        route == RouteType.Immediate && slot == ForwardingSlot.Internal ? ForwardingTarget.BusySignal : ForwardingTarget.OwnVoicemail;

    public RouteType RouteOf(PresenceStatus status) => _routes.TryGetValue(status, out var route) ? route : DefaultRoute(status);

    /// <summary>The slots the status's route has, in menu order.</summary>
    public IReadOnlyList<ForwardingSlot> SlotsOf(PresenceStatus status) => ForwardingSlots.For(RouteOf(status));

    public bool Has(PresenceStatus status, ForwardingSlot slot) => SlotsOf(status).Contains(slot);

    public ForwardingTarget Get(PresenceStatus status, ForwardingSlot slot)
    {
        Require(status, slot);
        return _targets.TryGetValue((status, slot), out var target) ? target : DefaultTarget(RouteOf(status), slot);
    }

    public ForwardingSettings With(PresenceStatus status, ForwardingSlot slot, ForwardingTarget target)
    {
        Require(status, slot);
        return new ForwardingSettings(_routes, _targets.SetItem((status, slot), target));
    }

    /// <summary>The status with another route, as 3CX reports it; the slots of the new route start at their defaults.</summary>
    public ForwardingSettings WithRoute(PresenceStatus status, RouteType route)
    {
        if (RouteOf(status) == route)
        {
            return this;
        }

        var routes = route == DefaultRoute(status) ? _routes.Remove(status) : _routes.SetItem(status, route);
        return new ForwardingSettings(routes, _targets.RemoveRange(SlotsOf(status).Select(slot => (status, slot))));
    }

    /// <summary>The slots whose target differs from <paramref name="before"/>; every slot of a status whose route changed.</summary>
    public ForwardingSlotSet ChangedFrom(ForwardingSettings before)
    {
        var changed = ForwardingSlotSet.Empty;
        foreach (var status in Enum.GetValues<PresenceStatus>())
        {
            var sameRoute = before.RouteOf(status) == RouteOf(status);
            foreach (var slot in SlotsOf(status).Where(slot => !sameRoute || before.Get(status, slot) != Get(status, slot)))
            {
                changed = changed.With(status, slot);
            }
        }

        return changed;
    }

    public bool Equals(ForwardingSettings? other) =>
        other is not null && (ReferenceEquals(this, other) || (ChangedFrom(other).IsEmpty && other.ChangedFrom(this).IsEmpty));

    public override bool Equals(object? obj) => Equals(obj as ForwardingSettings);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var status in Enum.GetValues<PresenceStatus>())
        {
            hash.Add(RouteOf(status));
            foreach (var slot in SlotsOf(status))
            {
                hash.Add(Get(status, slot));
            }
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(ForwardingSettings? left, ForwardingSettings? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(ForwardingSettings? left, ForwardingSettings? right) => !(left == right);

    private void Require(PresenceStatus status, ForwardingSlot slot)
    {
        if (!Has(status, slot))
        {
            throw new ArgumentException($"'{EnumIds.Id(status)}' forwards {EnumIds.Id(RouteOf(status))} and has no slot '{EnumIds.Id(slot)}'.", nameof(slot));
        }
    }
}

/// <summary>A set of places (status and slot), e.g. the slots a change touched and 3CX has yet to get.</summary>
public readonly record struct ForwardingSlotSet(long Bits)
{
    // Eight slots per status: five statuses take 40 bits, which a double (Redis' Lua numbers) still holds exactly.
    private const int SlotsPerStatus = 8;

    public static ForwardingSlotSet Empty => default;

    public bool IsEmpty => Bits == 0;

    public bool Contains(PresenceStatus status, ForwardingSlot slot) => (Bits & Bit(status, slot)) != 0;

    public ForwardingSlotSet With(PresenceStatus status, ForwardingSlot slot) => new(Bits | Bit(status, slot));

    public ForwardingSlotSet Union(ForwardingSlotSet other) => new(Bits | other.Bits);

    /// <summary>The places in the set, by status, then slot.</summary>
    public IEnumerable<(PresenceStatus Status, ForwardingSlot Slot)> Places()
    {
        var bits = Bits;
        return from status in Enum.GetValues<PresenceStatus>()
               from slot in Enum.GetValues<ForwardingSlot>()
               where (bits & Bit(status, slot)) != 0
               select (status, slot);
    }

    public override string ToString() => string.Join(", ", Places().Select(p => $"{EnumIds.Id(p.Status)}/{EnumIds.Id(p.Slot)}"));

    private static long Bit(PresenceStatus status, ForwardingSlot slot) => 1L << (((int)status * SlotsPerStatus) + (int)slot);
}
