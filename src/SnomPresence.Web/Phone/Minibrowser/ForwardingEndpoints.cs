using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;
using SnomPresence.Web.Phone.SnomXml;

namespace SnomPresence.Web.Phone.Minibrowser;

/// <summary>
/// Forwarding from the phone: status → slot (the slots of the route 3CX gives that status: internal/external, or no
/// answer, busy and offline, each internal and external) → target (voicemail, extension, colleague's voicemail,
/// external number, busy signal: what 3CX can do in every slot) → number where one is needed. A target set in 3CX
/// that this service does not set (a queue, a ring group, …) is shown as what it is and stays until replaced.
/// </summary>
internal static class ForwardingEndpoints
{
    private const string NumberToken = "__NUMBER__";

    public static RouteGroupBuilder MapForwarding(this IEndpointRouteBuilder app)
    {
        var group = app.MapPhoneGroup("/snom/forwarding");
        group.MapGet("/", GetMenu);
        group.MapGet("/target", GetTargets);
        group.MapGet("/input", GetInput);
        group.MapGet("/set", SetAsync);
        return group;
    }

    /// <summary>Without <c>status</c>: the statuses. With it: that status's slots and where each goes now.</summary>
    internal static ContentHttpResult GetMenu(KnownExtension known, string? status, PhoneScreens screens, PhoneFormat format)
    {
        var (state, phone) = (known.State, known.Phone);
        if (status is null)
        {
            return StatusMenu(state, phone, format).ToResult();
        }

        return EnumIds.TryParse<PresenceStatus>(status, out var parsed)
            ? SlotMenu(state, parsed, phone, format).ToResult()
            : screens.Reject(PhoneProblem.For(PhoneProblemKind.UnknownStatus, status), phone);
    }

    internal static ContentHttpResult GetTargets(KnownExtension known, string? status, string? slot, PhoneScreens screens)
    {
        var (state, phone) = (known.State, known.Phone);
        if (Choose(state, status, slot) is not var (parsedStatus, parsedSlot))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.InvalidChoice, $"{status}/{slot}"), phone);
        }

        var ext = state.Extension;
        var language = phone.Language;
        var texts = PhoneFormat.Texts(language);
        var current = state.Forwarding.Get(parsedStatus, parsedSlot);
        // Targets that need a typed number are left out on phones that cannot show an input page.
        var items = ForwardingTarget.Settable.Where(kind => phone.Device.ShowsInput || !NeedsNumber(kind)).Select(kind => PhoneScreens.Item(
            KindName(kind, texts),
            NeedsNumber(kind) ? phone.ForwardingInput(ext, parsedStatus, parsedSlot, kind) : phone.ForwardingSet(ext, parsedStatus, parsedSlot, kind),
            kind == current.Kind));
        if (!ForwardingTarget.Settable.Contains(current.Kind))
        {
            // Kept from 3CX (or a ring no longer offered): listed first as it is; choosing it changes nothing.
            items = items.Prepend(PhoneScreens.Item(PhoneFormat.Target(current, language), phone.Forwarding(ext, parsedStatus), current: true));
        }

        return SnomPage.Menu(PhoneFormat.Format(language, texts.TargetTitle, PhoneFormat.Slot(parsedSlot, language)), items)
            .SoftKey("F4", texts.KeyBack, phone.Forwarding(ext, parsedStatus))
            .ToResult();
    }

    /// <summary>Asks for the extension or number; the current one is offered when the kind is unchanged.</summary>
    internal static ContentHttpResult GetInput(KnownExtension known, string? status, string? slot, string? kind, PhoneScreens screens)
    {
        var (state, phone) = (known.State, known.Phone);
        if (Choose(state, status, slot) is not var (parsedStatus, parsedSlot) || !EnumIds.TryParse<ForwardingKind>(kind, out var parsedKind) || !NeedsNumber(parsedKind))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.InvalidChoice, $"{status}/{slot}/{kind}"), phone);
        }

        if (!phone.Device.ShowsInput)
        {
            return screens.NoInput(phone);
        }

        var current = state.Forwarding.Get(parsedStatus, parsedSlot);
        var texts = PhoneFormat.Texts(phone.Language);
        var external = parsedKind == ForwardingKind.External;
        return SnomPage.Input(
                external ? texts.InputExternal : texts.InputExtension,
                phone.ForwardingTyped(state.Extension, parsedStatus, parsedSlot, parsedKind, NumberToken),
                NumberToken,
                external ? "t" : "n",
                current.Kind == parsedKind ? current.Number : null)
            .ToResult();
    }

    /// <summary>
    /// Checks and stores the target, then shows the status's slots with the change in place. The number is read as
    /// the phone typed it (a leading + stays a +); a number cut off at a typed # is refused, never stored shortened.
    /// </summary>
    internal static async Task<ContentHttpResult> SetAsync(
        PhoneRequest request,
        string? status,
        string? slot,
        string? kind,
        HttpContext context,
        PhoneContext phone,
        PresenceService presence,
        PhoneScreens screens,
        PhoneFormat format,
        ForwardingNumberPolicy policy,
        CancellationToken cancellationToken)
    {
        if (!EnumIds.TryParse<PresenceStatus>(status, out var parsedStatus) || !EnumIds.TryParse<ForwardingSlot>(slot, out var parsedSlot)
            || !EnumIds.TryParse<ForwardingKind>(kind, out var parsedKind) || !ForwardingTarget.Settable.Contains(parsedKind))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.InvalidChoice, $"{status}/{slot}/{kind}"), phone);
        }

        var number = PhoneRequest.Typed(context.Request, "number");
        var typed = string.IsNullOrWhiteSpace(number) ? null : number.Trim();
        var query = context.Request.Query;
        if (query.ContainsKey(PhoneContext.TypedMarker) && !query.ContainsKey(PhoneContext.TypedEnd))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.InputCutOff, (typed ?? string.Empty) + "#"), phone);
        }

        if (!ForwardingTarget.TryCreate(parsedKind, NeedsNumber(parsedKind) ? typed ?? string.Empty : null, out var target, out _))
        {
            var problem = parsedKind == ForwardingKind.External ? PhoneProblemKind.InvalidTargetNumber : PhoneProblemKind.InvalidTargetExtension;
            return screens.Reject(PhoneProblem.For(problem, typed ?? string.Empty), phone);
        }

        if (target.Kind == ForwardingKind.External && !policy.Permits(target.Number!, out _))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.BlockedTargetNumber, target.Number), phone);
        }

        // A slot the status's route does not have (never offered, or 3CX changed the route since) changes nothing.
        var update = await presence.SetForwardingAsync(
            request.Extension, f => f.Has(parsedStatus, parsedSlot) ? f.With(parsedStatus, parsedSlot, target) : f, ChangeActor.Phone(request.Mac), cancellationToken).ConfigureAwait(false);
        return update.State is null ? screens.Reject(PhoneProblem.Unknown(request.Extension), phone)
            : !update.State.Forwarding.Has(parsedStatus, parsedSlot) ? screens.Reject(PhoneProblem.For(PhoneProblemKind.InvalidChoice, $"{status}/{slot}/{kind}"), phone)
            : SlotMenu(update.State, parsedStatus, phone.For(update.State), format).ToResult();
    }

    private static SnomPage StatusMenu(PresenceState state, PhoneContext phone, PhoneFormat format)
    {
        var texts = PhoneFormat.Texts(phone.Language);
        var items = Enum.GetValues<PresenceStatus>().Select(s => new SnomMenuItem(format.Label(s, phone.Language), phone.Forwarding(state.Extension, s)));
        return SnomPage.Menu(texts.ForwardingTitle, items).SoftKey("F4", texts.KeyBack, phone.Menu(state.Extension));
    }

    private static SnomPage SlotMenu(PresenceState state, PresenceStatus status, PhoneContext phone, PhoneFormat format)
    {
        var language = phone.Language;
        var texts = PhoneFormat.Texts(language);
        var items = state.Forwarding.SlotsOf(status).Select(slot => new SnomMenuItem(
            $"{PhoneFormat.Slot(slot, language)}: {PhoneFormat.Target(state.Forwarding.Get(status, slot), language)}",
            phone.ForwardingTarget(state.Extension, status, slot)));
        return SnomPage.Menu(PhoneFormat.Format(language, texts.ForwardingStatusTitle, format.Label(status, language)), items)
            .SoftKey("F1", texts.KeyStatus, phone.Status(state.Extension))
            .SoftKey("F4", texts.KeyBack, phone.Forwarding(state.Extension));
    }

    private static (PresenceStatus Status, ForwardingSlot Slot)? Choose(PresenceState state, string? status, string? slot) =>
        EnumIds.TryParse<PresenceStatus>(status, out var s) && EnumIds.TryParse<ForwardingSlot>(slot, out var sl) && state.Forwarding.Has(s, sl)
            ? (s, sl)
            : null;

    private static bool NeedsNumber(ForwardingKind kind) => ForwardingTarget.Settable.Contains(kind) && ForwardingTarget.NeedsNumber(kind);

    /// <summary>A target kind as a menu offers it; the admin page offers the same words.</summary>
    internal static string KindName(ForwardingKind kind, PhoneTexts texts) => kind switch
    {
        ForwardingKind.None => texts.TargetRing,
        ForwardingKind.Voicemail => texts.TargetVoicemail,
        ForwardingKind.Extension => texts.KindExtension,
        ForwardingKind.ColleagueVoicemail => texts.KindColleagueVoicemail,
        ForwardingKind.External => texts.KindExternal,
        ForwardingKind.Busy => texts.TargetBusy,
        _ => texts.TargetAsSetInPbx,
    };
}
