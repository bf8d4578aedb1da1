using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;
using SnomPresence.Provisioning;
using SnomPresence.Web.Phone.SnomXml;

namespace SnomPresence.Web.Phone;

/// <summary>What a phone is allowed to get wrong, each answered with its own readable screen.</summary>
internal enum PhoneProblemKind
{
    MissingExtension,
    InvalidExtension,
    UnknownExtension,
    InvalidMac,
    UnknownStatus,
    InvalidDuration,
    WorkdayOver,
    InvalidChoice,
    InvalidTargetExtension,
    InvalidTargetNumber,
    BlockedTargetNumber,
    InputNotSupported,
    InputCutOff,
    UnknownGroup,
    InvalidSearch,
    UnknownColleague,
    Unavailable,
}

/// <param name="Shown">The offending value as the screen may quote it, already cut to a displayable length.</param>
internal sealed record PhoneProblem(PhoneProblemKind Kind, string? Shown = null)
{
    private const int MaxShown = 20;

    public static PhoneProblem Unknown(Extension extension) => new(PhoneProblemKind.UnknownExtension, extension.Value);

    /// <summary>The value is whatever the phone sent: only what a display can show of it goes on the screen.</summary>
    public static PhoneProblem For(PhoneProblemKind kind, string? value) =>
        new(kind, value is null ? null : DisplayText.Shorten(value, MaxShown));
}

/// <summary>
/// The query every phone route shares: <c>ext</c> (from <c>$active_user</c>) and the optional <c>mac</c>. Binding
/// never fails; <see cref="PhoneRequestFilter"/> answers a <see cref="Problem"/> before the handler runs.
/// </summary>
internal sealed class PhoneRequest
{
    private PhoneRequest(Extension extension, string? mac, PhoneProblem? problem)
    {
        Extension = extension;
        Mac = mac;
        Problem = problem;
    }

    /// <summary>Valid in every handler: requests with a problem never reach one.</summary>
    public Extension Extension { get; }

    /// <summary>The phone's MAC, normalised to 12 upper-case hex digits, when the phone sent one.</summary>
    public string? Mac { get; }

    public PhoneProblem? Problem { get; }

    public static ValueTask<PhoneRequest?> BindAsync(HttpContext context) => ValueTask.FromResult<PhoneRequest?>(Parse(context.Request.Query));

    /// <summary>
    /// A value as the phone typed it into the URL. The phone puts typed input into the URL unencoded, so a leading
    /// <c>+</c> would become a space under form decoding; here only percent escapes are decoded.
    /// </summary>
    public static string? Typed(HttpRequest request, string name)
    {
        var query = request.QueryString.Value;
        if (string.IsNullOrEmpty(query))
        {
            return null;
        }

        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            if (pair.Length > name.Length && pair.StartsWith(name, StringComparison.Ordinal) && pair[name.Length] == '=')
            {
                return Uri.UnescapeDataString(pair[(name.Length + 1)..]);
            }
        }

        return null;
    }

    public static PhoneRequest Parse(IQueryCollection query)
    {
        string? ext = query["ext"];
        string? mac = query["mac"];
        if (string.IsNullOrEmpty(ext))
        {
            return new PhoneRequest(default, null, PhoneProblem.For(PhoneProblemKind.MissingExtension, null));
        }

        if (!Extension.TryParse(ext, out var extension))
        {
            return new PhoneRequest(default, null, PhoneProblem.For(PhoneProblemKind.InvalidExtension, ext));
        }

        if (string.IsNullOrEmpty(mac))
        {
            return new PhoneRequest(extension, null, null);
        }

        return MacAddress.TryParse(mac, out var normalized)
            ? new PhoneRequest(extension, normalized.Value, null)
            : new PhoneRequest(extension, null, PhoneProblem.For(PhoneProblemKind.InvalidMac, mac));
    }
}

/// <summary>
/// Answers a malformed phone request, and one for an unknown extension, with a Snom XML error screen instead of
/// running the handler. Phones without their token never get this far (<see cref="PhoneTokenHandler"/>). It also
/// finds out which phone is asking (<see cref="PhoneDevice"/>) for the pages to fit its model, and gives a
/// monochrome display only characters its font has.
/// </summary>
internal sealed class PhoneRequestFilter(PhoneScreens screens, IPhoneInventory inventory, PhoneTemplates templates) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = context.Arguments.OfType<PhoneRequest>().FirstOrDefault() ?? PhoneRequest.Parse(http.Request.Query);
        if (request.Problem is { } problem)
        {
            return screens.Reject(problem, PhoneContext.For(http));
        }

        // The token handler has found the phone; a lab phone (no tokens) may still name one of the inventory.
        var phone = http.User.Identity is PhoneIdentity { Phone: { } known } ? known
            : MacAddress.TryParse(request.Mac, out var mac) ? await inventory.GetAsync(mac, http.RequestAborted).ConfigureAwait(false)
            : null;
        var device = PhoneDevice.Of(phone, http.Request.Headers.UserAgent, templates);
        PhoneDevice.Remember(http, device);
        if (context.Arguments.OfType<KnownExtension>().FirstOrDefault() is { Found: null } unknown)
        {
            return Fit(screens.Reject(PhoneProblem.Unknown(request.Extension), unknown.Phone), device);
        }

        return Fit(await next(context).ConfigureAwait(false), device);
    }

    private static object? Fit(object? result, PhoneDevice device) =>
        device.AsciiOnly && result is ContentHttpResult { ResponseContent: { } xml, ContentType: SnomPage.ContentType } page
            ? SnomPage.Ascii(xml).ToResult(page.StatusCode ?? StatusCodes.Status200OK)
            : result;
}
