using System.Globalization;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone;

/// <summary>How values read on a phone: labels, targets, slot names and local times, in the phone's language.</summary>
internal sealed class PhoneFormat(IOptions<SnomOptions> options, StatusLabels labels, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = string.IsNullOrEmpty(options.Value.TimeZone)
        ? TimeZoneInfo.Local
        : TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public static PhoneTexts Texts(Language language) => PhoneTexts.For(language);

    public string Label(PresenceStatus status, Language language) => labels.Label(status, language);

    public static string Slot(ForwardingSlot slot, Language language) => Texts(language).Slots[slot];

    public static string Target(ForwardingTarget target, Language language)
    {
        var texts = Texts(language);
        return target.Kind switch
        {
            ForwardingKind.None => texts.TargetRing,
            ForwardingKind.Voicemail => texts.TargetVoicemail,
            ForwardingKind.Extension => Format(language, texts.TargetExtension, target.Number),
            ForwardingKind.ColleagueVoicemail => Format(language, texts.TargetColleagueVoicemail, target.Number),
            ForwardingKind.External => target.Number ?? string.Empty,
            ForwardingKind.Busy => texts.TargetBusy,
            ForwardingKind.Queue => Format(language, texts.TargetQueue, target.Number),
            ForwardingKind.RingGroup => Format(language, texts.TargetRingGroup, target.Number),
            ForwardingKind.Ivr => Format(language, texts.TargetIvr, target.Number),
            _ => texts.TargetAsSetInPbx,
        };
    }

    /// <summary>While available calls ring first: "Klingeln, dann Mailbox", or just "Klingeln".</summary>
    public static string RingThen(ForwardingTarget target, Language language) =>
        target.Kind == ForwardingKind.None ? Texts(language).TargetRing : Format(language, Texts(language).RingThen, Target(target, language));

    /// <summary>"bis 13:30" today, "bis 02.12. 17:00" on another day.</summary>
    public string Until(DateTimeOffset expires, Language language)
    {
        var local = Local(expires);
        var sameDay = local.Date == Local(time.GetUtcNow()).Date;
        return Format(language, sameDay ? Texts(language).Until : Texts(language).UntilDate, local);
    }

    public string Since(DateTimeOffset since, Language language) => Format(language, Texts(language).Since, Local(since));

    /// <summary>Today's end of the working day, or null when it has passed.</summary>
    public DateTimeOffset? WorkdayEnd()
    {
        var now = Local(time.GetUtcNow());
        var end = new DateTimeOffset(now.Date + options.Value.WorkdayEnd.ToTimeSpan(), now.Offset);
        return end > now ? end : null;
    }

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    // Looked up once: CultureInfo.GetCultureInfo takes a process-wide lock, which every status screen met several
    // times (docs/benchmarks.md).
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static string Format(Language language, string format, object? value) =>
        string.Format(language == Language.En ? English : German, format, value);
}
