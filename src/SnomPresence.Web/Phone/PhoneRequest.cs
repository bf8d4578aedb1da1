using SnomPresence.Presence;

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
/// running the handler. Phones without their token never get this far (<see cref="PhoneTokenHandler"/>).
/// </summary>
internal sealed class PhoneRequestFilter(PhoneScreens screens) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = context.Arguments.OfType<PhoneRequest>().FirstOrDefault() ?? PhoneRequest.Parse(http.Request.Query);
        if (request.Problem is { } problem)
        {
            return screens.Reject(problem, PhoneContext.For(http));
        }

        if (context.Arguments.OfType<KnownExtension>().FirstOrDefault() is { Found: null } unknown)
        {
            return screens.Reject(PhoneProblem.Unknown(request.Extension), unknown.Phone);
        }

        return await next(context).ConfigureAwait(false);
    }
}
