using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;
using SnomPresence.Web.Phone.SnomXml;

namespace SnomPresence.Web.Phone.Minibrowser;

/// <summary>
/// "Kurzzeit-Status": pick a status, then how long (15 min … 2 h, until the end of the working day, or minutes
/// typed in); the choice lands on <c>/snom/set</c> with a duration, and the status ends by itself.
/// </summary>
internal static class ShortTermEndpoints
{
    private const string MinutesToken = "__MINUTES__";
    private static readonly int[] Choices = [15, 30, 60, 120];

    public static RouteGroupBuilder MapShortTerm(this IEndpointRouteBuilder app)
    {
        var group = app.MapPhoneGroup("/snom/short");
        group.MapGet("/", GetMenu);
        group.MapGet("/input", GetInput);
        return group;
    }

    /// <summary>Without <c>status</c>: the statuses to set for a while. With it: the durations.</summary>
    internal static ContentHttpResult GetMenu(KnownExtension known, string? status, PhoneScreens screens, PhoneFormat format)
    {
        var phone = known.Phone;
        var ext = known.State.Extension;
        var language = phone.Language;
        var texts = PhoneFormat.Texts(language);
        if (status is null)
        {
            var statuses = Enum.GetValues<PresenceStatus>().Where(s => s != PresenceStatus.Available)
                .Select(s => new SnomMenuItem(format.Label(s, language), phone.ShortTerm(ext, s)));
            return SnomPage.Menu(texts.ShortTermTitle, statuses).SoftKey("F4", texts.KeyBack, phone.Menu(ext)).ToResult();
        }

        if (!EnumIds.TryParse<PresenceStatus>(status, out var parsed) || parsed == PresenceStatus.Available)
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.UnknownStatus, status), phone);
        }

        var durations = Choices.Select(minutes => new SnomMenuItem(Duration(minutes, language), phone.Set(ext, parsed, minutes.ToString(CultureInfo.InvariantCulture))));
        if (format.WorkdayEnd() is { } end)
        {
            durations = durations.Append(new SnomMenuItem(PhoneFormat.Format(language, texts.UntilWorkdayEnd, end), phone.Set(ext, parsed, MinibrowserEndpoints.WorkdayEnd)));
        }

        if (phone.Device.ShowsInput)
        {
            durations = durations.Append(new SnomMenuItem(texts.EnterMinutes, phone.ShortTermInput(ext, parsed)));
        }

        return SnomPage.Menu(PhoneFormat.Format(language, texts.DurationTitle, format.Label(parsed, language)), durations)
            .SoftKey("F4", texts.KeyBack, phone.ShortTerm(ext))
            .ToResult();
    }

    /// <summary>Asks for the minutes; the phone puts them into the <c>/snom/set</c> link, which checks them.</summary>
    internal static ContentHttpResult GetInput(PhoneRequest request, string? status, PhoneContext phone, PhoneScreens screens)
    {
        if (!EnumIds.TryParse<PresenceStatus>(status, out var parsed) || parsed == PresenceStatus.Available)
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.UnknownStatus, status ?? string.Empty), phone);
        }

        if (!phone.Device.ShowsInput)
        {
            return screens.NoInput(phone);
        }

        var texts = PhoneFormat.Texts(phone.Language);
        return SnomPage.Input(texts.InputMinutes, phone.Set(request.Extension, parsed, MinutesToken), MinutesToken, "n").ToResult();
    }

    private static string Duration(int minutes, Language language)
    {
        var texts = PhoneFormat.Texts(language);
        return minutes switch
        {
            60 => texts.OneHour,
            _ when minutes % 60 == 0 => PhoneFormat.Format(language, texts.Hours, minutes / 60),
            _ => PhoneFormat.Format(language, texts.Minutes, minutes),
        };
    }
}
