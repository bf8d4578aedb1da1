using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Web.Phone.SnomXml;

namespace SnomPresence.Web.Phone;

/// <summary>Turns presence state into the Snom XML screens a phone shows: status, status menu and error screens.</summary>
internal sealed class PhoneScreens(IOptions<SnomOptions> options, StatusLabels labels, TimeProvider time, ILogger<PhoneScreens> logger)
{
    private readonly SnomOptions _options = options.Value;
    private readonly TimeZoneInfo _zone = string.IsNullOrEmpty(options.Value.TimeZone)
        ? TimeZoneInfo.Local
        : TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    private PhoneTexts Texts => PhoneTexts.For(_options.Language);

    private CultureInfo Culture => _options.Language == Language.En ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("de-DE");

    /// <summary>
    /// The idle/status screen: status, where internal and external calls go now, the expiry, an LED that is on
    /// while DND is on, soft keys for the menu and DND, and a self-refresh.
    /// </summary>
    public SnomPage Status(PresenceState state, PhoneLinks links)
    {
        var texts = Texts;
        var lines = new List<string> { labels.Label(state.Status, _options.Language) };
        lines.AddRange(ForwardingLines(state));
        lines.Add(state.ExpiresAt is { } expires ? Until(expires) : Format(texts.Since, Local(state.Since)));

        var ext = state.Extension;
        return SnomPage.Text(Format(texts.ExtensionTitle, ext.Value), lines)
            .SoftKey("F1", texts.KeyStatus, links.Menu(ext))
            .SoftKey("F2", state.IsDnd ? texts.KeyDndOff : texts.KeyDndOn, links.Set(ext, state.IsDnd ? PresenceStatus.Available : PresenceStatus.Dnd))
            .SoftKey("F4", texts.KeyClose, PhoneLinks.Exit)
            .Led(_options.DndLed, _options.DndLedColor, state.IsDnd)
            .Fetch(_options.StatusRefresh, links.Status(ext));
    }

    /// <summary>The five statuses by label, the current one marked and preselected.</summary>
    public SnomPage Menu(PresenceState state, PhoneLinks links)
    {
        var ext = state.Extension;
        var items = Enum.GetValues<PresenceStatus>().Select(status =>
        {
            var label = labels.Label(status, _options.Language);
            var current = status == state.Status;
            return new SnomMenuItem(current ? "» " + label : label, links.Set(ext, status), current);
        });
        return SnomPage.Menu(Texts.MenuTitle, items)
            .SoftKey("F4", Texts.KeyBack, links.Status(ext));
    }

    /// <summary>
    /// Answers a request the phone got wrong with a readable error screen. It goes out as 200: a Snom phone shows
    /// minibrowser XML from successful responses, and the user is meant to read it. The log line names the reason.
    /// </summary>
    public ContentHttpResult Reject(PhoneProblem problem)
    {
        Log.PhoneRequestRejected(logger, problem.Kind, problem.Shown);
        return Error(problem).ToResult();
    }

    public SnomPage Error(PhoneProblem problem)
    {
        var texts = Texts;
        var message = problem.Kind switch
        {
            PhoneProblemKind.MissingExtension => texts.ErrorMissingExtension,
            PhoneProblemKind.InvalidExtension => Format(texts.ErrorInvalidExtension, problem.Shown),
            PhoneProblemKind.UnknownExtension => Format(texts.ErrorUnknownExtension, problem.Shown),
            PhoneProblemKind.InvalidMac => Format(texts.ErrorInvalidMac, problem.Shown),
            PhoneProblemKind.UnknownStatus => Format(texts.ErrorUnknownStatus, problem.Shown),
            _ => texts.ErrorUnavailable,
        };
        return SnomPage.Text(texts.ErrorTitle, [message]).SoftKey("F4", texts.KeyClose, PhoneLinks.Exit);
    }

    private IEnumerable<string> ForwardingLines(PresenceState state)
    {
        var texts = Texts;
        if (state.Status == PresenceStatus.Available)
        {
            var noAnswer = state.Forwarding.Available.NoAnswer;
            yield return $"{texts.Internal}: {RingThen(noAnswer.Internal)}";
            yield return $"{texts.External}: {RingThen(noAnswer.External)}";
        }
        else
        {
            var pair = state.Forwarding.ForAway(state.Status);
            yield return $"{texts.Internal}: {Target(pair.Internal)}";
            yield return $"{texts.External}: {Target(pair.External)}";
        }
    }

    private string RingThen(ForwardingTarget target) =>
        target.Kind == ForwardingKind.None ? Texts.TargetRing : Format(Texts.RingThen, Target(target));

    private string Target(ForwardingTarget target) => target.Kind switch
    {
        ForwardingKind.None => Texts.TargetRing,
        ForwardingKind.Voicemail => Texts.TargetVoicemail,
        ForwardingKind.Extension => Format(Texts.TargetExtension, target.Number),
        ForwardingKind.ColleagueVoicemail => Format(Texts.TargetColleagueVoicemail, target.Number),
        ForwardingKind.External => target.Number ?? string.Empty,
        _ => Texts.TargetBusy,
    };

    private string Until(DateTimeOffset expires)
    {
        var local = Local(expires);
        var sameDay = local.Date == Local(time.GetUtcNow()).Date;
        return Format(sameDay ? Texts.Until : Texts.UntilDate, local);
    }

    private DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    private string Format(string format, object? value) => string.Format(Culture, format, value);
}
