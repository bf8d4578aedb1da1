using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Web.Phone.SnomXml;

namespace SnomPresence.Web.Phone;

/// <summary>The status screen, the main menu and the error screens.</summary>
internal sealed class PhoneScreens(IOptions<SnomOptions> options, PhoneFormat format, ILogger<PhoneScreens> logger)
{
    private readonly SnomOptions _options = options.Value;

    /// <summary>
    /// The status screen: status, where internal and external calls go now, the expiry, soft keys for the menu
    /// and DND, and a self-refresh. While DND is on it lights the LED of the phone's Status key — the key of its
    /// model's template that opens these pages — and no other: a lit line-key LED would stop following calls. A
    /// phone whose model or key numbering is unknown gets no LED at all.
    /// </summary>
    public SnomPage Status(PresenceState state, PhoneContext phone)
    {
        var language = phone.Language;
        var texts = PhoneFormat.Texts(language);
        var lines = new List<string> { format.Label(state.Status, language) };
        lines.AddRange(ForwardingLines(state, language));
        lines.Add(state.ExpiresAt is { } expires ? format.Until(expires, language) : format.Since(state.Since, language));
        if (state.QueueLoggedIn)
        {
            lines.Add(texts.InQueue);
        }

        var ext = state.Extension;
        var page = SnomPage.Text(PhoneFormat.Format(language, texts.ExtensionTitle, ext.Value), lines)
            .SoftKey("F1", texts.KeyStatus, phone.Menu(ext))
            .SoftKey("F2", state.IsDnd ? texts.KeyDndOff : texts.KeyDndOn, phone.Set(ext, state.IsDnd ? PresenceStatus.Available : PresenceStatus.Dnd));
        if (phone.Device.Phone is { Extensions.Count: > 1 })
        {
            page.SoftKey("F3", texts.KeyIdentities, phone.Identities(phone.Device.Phone.Extensions[0]));
        }

        page.SoftKey("F4", texts.KeyClose, PhoneContext.Exit);
        if (phone.Device.StatusKeyLed is { } led)
        {
            page.Led(led, _options.DndLedColor, state.IsDnd);
        }

        return page.Fetch(_options.StatusRefresh, phone.Status(ext));
    }

    /// <summary>
    /// The page a push opens: it lights (or clears) the Status key's LED, says the status in one line, and closes
    /// itself at once; an LED set this way stays after the page closed (docs/snom.md). A phone whose model's LED is
    /// unknown gets no LED.
    /// </summary>
    public SnomPage Led(PresenceState state, PhoneContext phone)
    {
        var texts = PhoneFormat.Texts(phone.Language);
        var page = SnomPage.Text(PhoneFormat.Format(phone.Language, texts.ExtensionTitle, state.Extension.Value), [format.Label(state.Status, phone.Language)]);
        if (phone.Device.StatusKeyLed is { } led)
        {
            page.Led(led, _options.DndLedColor, state.IsDnd);
        }

        return page.Fetch(ClosesAtOnce, PhoneContext.Exit);
    }

    /// <summary>The shortest <c>fetch</c> Snom documents (<c>mil="1"</c>): the page is gone as soon as it came.</summary>
    private static readonly TimeSpan ClosesAtOnce = TimeSpan.FromMilliseconds(1);

    /// <summary>The five statuses by label, the current one marked and preselected, then short-term status, forwarding and the queue toggle.</summary>
    public SnomPage Menu(PresenceState state, PhoneContext phone)
    {
        var ext = state.Extension;
        var texts = PhoneFormat.Texts(phone.Language);
        var items = Enum.GetValues<PresenceStatus>()
            .Select(status => Item(format.Label(status, phone.Language), phone.Set(ext, status), status == state.Status))
            .Append(new SnomMenuItem(texts.MenuShortTerm, phone.ShortTerm(ext)))
            .Append(new SnomMenuItem(texts.MenuForwarding, phone.Forwarding(ext)))
            .Append(new SnomMenuItem(texts.MenuColleagues, phone.Colleagues(ext)))
            .Append(new SnomMenuItem(state.QueueLoggedIn ? texts.MenuQueueLogOut : texts.MenuQueueLogIn, phone.Queue(ext, !state.QueueLoggedIn)));
        return SnomPage.Menu(texts.MenuTitle, items)
            .SoftKey("F4", texts.KeyBack, phone.Status(ext));
    }

    /// <summary>
    /// Every extension of the phone with its status, for a phone with several identities; each opens that
    /// extension's menu. Extensions the service does not know yet show no status.
    /// </summary>
    public SnomPage Identities(IReadOnlyList<(Extension Extension, PresenceState? State)> extensions, PhoneContext phone)
    {
        var texts = PhoneFormat.Texts(phone.Language);
        var items = extensions.Select(e => new SnomMenuItem(
            e.State is { } state ? $"{e.Extension.Value}: {format.Label(state.Status, phone.For(state).Language)}" : e.Extension.Value,
            phone.Menu(e.Extension)));
        return SnomPage.Menu(texts.IdentitiesTitle, items).SoftKey("F4", texts.KeyClose, PhoneContext.Exit);
    }

    /// <summary>Refuses an input page on a phone that cannot show one, naming the firmware it needs.</summary>
    public ContentHttpResult NoInput(PhoneContext phone) =>
        Reject(PhoneProblem.For(PhoneProblemKind.InputNotSupported, phone.Device.Model?.InputSince?.ToString() ?? string.Empty), phone);

    /// <summary>A menu item; the current choice is marked and preselected.</summary>
    public static SnomMenuItem Item(string name, string url, bool current) => new(current ? "» " + name : name, url, current);

    /// <summary>
    /// Answers a request the phone got wrong with a readable error screen. It goes out as 200: a Snom phone shows
    /// minibrowser XML from successful responses, and the user is meant to read it. The log line names the reason.
    /// </summary>
    public ContentHttpResult Reject(PhoneProblem problem, PhoneContext phone)
    {
        Log.PhoneRequestRejected(logger, problem.Kind, problem.Shown);
        return Error(problem, phone.Language).ToResult();
    }

    /// <summary>A screen for a request refused before it reached a handler (token, network, rate or size), sent with a 4xx status.</summary>
    public static SnomPage Refusal(Language language, Func<PhoneTexts, string> message, object? value = null)
    {
        var texts = PhoneFormat.Texts(language);
        return SnomPage.Text(texts.ErrorTitle, [PhoneFormat.Format(language, message(texts), value)]).SoftKey("F4", texts.KeyClose, PhoneContext.Exit);
    }

    public static SnomPage Error(PhoneProblem problem, Language language)
    {
        var texts = PhoneFormat.Texts(language);
        var message = problem.Kind switch
        {
            PhoneProblemKind.MissingExtension => texts.ErrorMissingExtension,
            PhoneProblemKind.InvalidExtension => texts.ErrorInvalidExtension,
            PhoneProblemKind.UnknownExtension => texts.ErrorUnknownExtension,
            PhoneProblemKind.InvalidMac => texts.ErrorInvalidMac,
            PhoneProblemKind.UnknownStatus => texts.ErrorUnknownStatus,
            PhoneProblemKind.InvalidDuration => texts.ErrorInvalidDuration,
            PhoneProblemKind.WorkdayOver => texts.ErrorWorkdayOver,
            PhoneProblemKind.InvalidChoice => texts.ErrorInvalidChoice,
            PhoneProblemKind.InvalidTargetExtension => texts.ErrorInvalidTargetExtension,
            PhoneProblemKind.InvalidTargetNumber => texts.ErrorInvalidTargetNumber,
            PhoneProblemKind.BlockedTargetNumber => texts.ErrorBlockedTargetNumber,
            PhoneProblemKind.InputNotSupported => texts.ErrorInputNotSupported,
            PhoneProblemKind.InputCutOff => texts.ErrorInputCutOff,
            PhoneProblemKind.UnknownGroup => texts.ErrorUnknownGroup,
            PhoneProblemKind.InvalidSearch => texts.ErrorInvalidSearch,
            PhoneProblemKind.UnknownColleague => texts.ErrorUnknownColleague,
            _ => texts.ErrorUnavailable,
        };
        return SnomPage.Text(texts.ErrorTitle, [PhoneFormat.Format(language, message, problem.Shown)]).SoftKey("F4", texts.KeyClose, PhoneContext.Exit);
    }

    private static IEnumerable<string> ForwardingLines(PresenceState state, Language language)
    {
        var texts = PhoneFormat.Texts(language);
        var (inside, outside) = ForwardingInEffect(state, language);
        yield return $"{texts.Internal}: {inside}";
        yield return $"{texts.External}: {outside}";
    }

    /// <summary>
    /// Where internal and external calls go right now, as the status screen and the admin board say it: for a
    /// ring-first route where an unanswered call goes, for an immediate one where every call goes.
    /// </summary>
    public static (string Internal, string External) ForwardingInEffect(PresenceState state, Language language)
    {
        var forwarding = state.Forwarding;
        if (forwarding.RouteOf(state.Status) == RouteType.RingFirst)
        {
            return (PhoneFormat.RingThen(forwarding.Get(state.Status, ForwardingSlot.NoAnswerInternal), language),
                PhoneFormat.RingThen(forwarding.Get(state.Status, ForwardingSlot.NoAnswerExternal), language));
        }

        return (PhoneFormat.Target(forwarding.Get(state.Status, ForwardingSlot.Internal), language),
            PhoneFormat.Target(forwarding.Get(state.Status, ForwardingSlot.External), language));
    }
}
