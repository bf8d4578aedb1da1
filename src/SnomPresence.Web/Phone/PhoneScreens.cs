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
    /// The idle/status screen: status, where internal and external calls go now, the expiry, an LED that is on
    /// while DND is on, soft keys for the menu and DND, and a self-refresh.
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
        return SnomPage.Text(PhoneFormat.Format(language, texts.ExtensionTitle, ext.Value), lines)
            .SoftKey("F1", texts.KeyStatus, phone.Menu(ext))
            .SoftKey("F2", state.IsDnd ? texts.KeyDndOff : texts.KeyDndOn, phone.Set(ext, state.IsDnd ? PresenceStatus.Available : PresenceStatus.Dnd))
            .SoftKey("F4", texts.KeyClose, PhoneContext.Exit)
            .Led(_options.DndLed, _options.DndLedColor, state.IsDnd)
            .Fetch(_options.StatusRefresh, phone.Status(ext));
    }

    /// <summary>The five statuses by label, the current one marked and preselected, then short-term status, forwarding and the queue toggle.</summary>
    public SnomPage Menu(PresenceState state, PhoneContext phone)
    {
        var ext = state.Extension;
        var texts = PhoneFormat.Texts(phone.Language);
        var items = Enum.GetValues<PresenceStatus>()
            .Select(status => Item(format.Label(status, phone.Language), phone.Set(ext, status), status == state.Status))
            .Append(new SnomMenuItem(texts.MenuShortTerm, phone.ShortTerm(ext)))
            .Append(new SnomMenuItem(texts.MenuForwarding, phone.Forwarding(ext)))
            .Append(new SnomMenuItem(state.QueueLoggedIn ? texts.MenuQueueLogOut : texts.MenuQueueLogIn, phone.Queue(ext, !state.QueueLoggedIn)));
        return SnomPage.Menu(texts.MenuTitle, items)
            .SoftKey("F4", texts.KeyBack, phone.Status(ext));
    }

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
