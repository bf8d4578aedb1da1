using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using SnomPresence.Web.AdminUi;
using SnomPresence.Web.Phone;

namespace SnomPresence.Web.Security;

/// <summary>Why a request was refused before a handler ran; decides the phone's screen text.</summary>
internal enum RefusalReason
{
    /// <summary>No credentials, or wrong ones.</summary>
    Unauthenticated,

    /// <summary>Credentials that do not reach this resource.</summary>
    Forbidden,

    NetworkDenied,
    TooManyRequests,
    TooLarge,
    NotFound,
}

/// <summary>A refusal: the status, what the caller may learn (<paramref name="Detail"/>), and when to retry.</summary>
internal sealed record Refusal(RefusalReason Reason, int StatusCode, string Detail)
{
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Extra ProblemDetails members for admins, e.g. the limit that was hit.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling((RetryAfter ?? TimeSpan.Zero).TotalSeconds));
}

/// <summary>
/// Writes every refusal (credentials, network, rate and size limits, unknown routes) in the dialect of the route's
/// family: a Snom XML screen for phones, a bare status for provisioning and probes, ProblemDetails for the admin
/// API, the sign-in page for admin pages. The part that refuses logs why; this only answers.
/// </summary>
internal sealed class Refusals(IProblemDetailsService problems, IAntiforgery antiforgery) : IAuthorizationMiddlewareResultHandler
{
    private static readonly object StashKey = new();

    /// <summary>Notes what an authentication or authorization handler refused, for the answer to say it.</summary>
    public static void Stash(HttpContext context, Refusal refusal) => context.Items[StashKey] = refusal;

    public static Refusal? Stashed(HttpContext context) => context.Items.TryGetValue(StashKey, out var value) ? value as Refusal : null;

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            return next(context);
        }

        var refusal = Stashed(context) ?? (authorizeResult.Challenged
            ? new Refusal(RefusalReason.Unauthenticated, StatusCodes.Status401Unauthorized, "Credentials are missing or wrong.")
            : new Refusal(RefusalReason.Forbidden, StatusCodes.Status403Forbidden, "These credentials do not allow this request."));
        return WriteAsync(context, refusal);
    }

    public async Task WriteAsync(HttpContext context, Refusal refusal)
    {
        var response = context.Response;
        if (refusal.RetryAfter is not null)
        {
            response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        switch (RequestFamilies.Of(context))
        {
            case RequestFamily.Phone:
                // Whatever the credentials lacked, a phone is told it is not authorised: 403, as it cannot sign in.
                var status = refusal.Reason is RefusalReason.Unauthenticated ? StatusCodes.Status403Forbidden : refusal.StatusCode;
                await PhoneScreens.Refusal(PhoneContext.For(context).Language, texts => refusal.Reason switch
                    {
                        RefusalReason.NetworkDenied => texts.ErrorNetworkDenied,
                        RefusalReason.TooManyRequests => texts.ErrorTooManyRequests,
                        RefusalReason.TooLarge => texts.ErrorRequestTooLarge,
                        RefusalReason.NotFound => texts.ErrorUnknownPage,
                        _ => texts.ErrorAccessDenied,
                    }, refusal.RetryAfterSeconds)
                    .ToResult(status).ExecuteAsync(context).ConfigureAwait(false);
                break;
            case RequestFamily.AdminPages when refusal.Reason is RefusalReason.Unauthenticated:
                response.Redirect("/admin/signin?ReturnUrl=" + Uri.EscapeDataString(context.Request.PathBase + context.Request.Path + context.Request.QueryString));
                break;
            case RequestFamily.SignIn when refusal.Reason is RefusalReason.TooManyRequests:
                var texts = AdminUiTexts.For(AdminUiTexts.LanguageOf(context.Request));
                var minutes = Math.Max(1, (int)Math.Ceiling((refusal.RetryAfter ?? TimeSpan.Zero).TotalMinutes));
                await AdminPages.SignIn(context, antiforgery, string.Format(CultureInfo.InvariantCulture, texts.TooManyAttempts, minutes), refusal.StatusCode)
                    .ExecuteAsync(context).ConfigureAwait(false);
                break;
            case RequestFamily.Admin or RequestFamily.AdminPages or RequestFamily.SignIn:
                response.StatusCode = refusal.StatusCode;
                var problem = new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Title = Title(refusal.StatusCode), Status = refusal.StatusCode, Detail = refusal.Detail },
                };
                foreach (var (name, value) in refusal.Extensions ?? new Dictionary<string, object?>())
                {
                    problem.ProblemDetails.Extensions[name] = value;
                }

                await problems.WriteAsync(problem).ConfigureAwait(false);
                break;
            default:
                // Phones fetching settings, probes and scrapers read the status only; 401 names the login it wants.
                response.StatusCode = refusal.StatusCode;
                if (refusal.StatusCode == StatusCodes.Status401Unauthorized && RequestFamilies.Of(context) == RequestFamily.Provisioning)
                {
                    response.Headers.WWWAuthenticate = $"Basic realm=\"{Provisioning.ProvisioningEndpoints.Realm}\", charset=\"UTF-8\"";
                }

                break;
        }
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not Found",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        _ => "Refused",
    };
}
