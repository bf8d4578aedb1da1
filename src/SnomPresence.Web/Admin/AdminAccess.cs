using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using SnomPresence.Web.AdminUi;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Admin;

/// <summary>
/// The admin key in <c>X-Api-Key</c>, compared in constant time. Wrong keys spend the address's sign-in budget;
/// once it is spent the address may not present a key at all until the window ends, so a guess cannot be
/// confirmed either.
/// </summary>
internal sealed class AdminKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    AdminKey key,
    LoginAttempts attempts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggers, encoder)
{
    public const string SchemeName = "AdminKey";
    public const string HeaderName = "X-Api-Key";

    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? sent = Request.Headers[HeaderName];
        if (string.IsNullOrEmpty(sent))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (attempts.Exhausted(Context, RequestFamily.SignIn) is { } retryAfter)
        {
            Log.AdminRequestRejected(Logger, "too many wrong keys from this address");
            Refusals.Stash(Context, new Refusal(
                RefusalReason.TooManyRequests,
                StatusCodes.Status429TooManyRequests,
                $"Too many wrong {HeaderName} values from this address (RateLimits:SignIn); retry after {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.")
            {
                RetryAfter = retryAfter,
            });
            return Task.FromResult(AuthenticateResult.Fail("too many wrong keys"));
        }

        var problem = !key.Configured ? AdminAccess.Disabled : !key.Matches(sent) ? $"the {HeaderName} header is wrong" : null;
        if (problem is null)
        {
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Admin, SchemeName)));
        }

        if (key.Configured)
        {
            attempts.Failed(Context, RequestFamily.SignIn);
        }

        return Task.FromResult(AdminAccess.Refuse(Context, Logger, problem));
    }
}

/// <summary>Who may use the admin API and pages, and what a refused admin is told.</summary>
internal static class AdminAccess
{
    public const string Disabled = "the admin API is disabled: Admin:ApiKey is not set";

    /// <summary>The scheme that picks the key when one is sent, else the signed-in session.</summary>
    public const string Scheme = "Admin";

    /// <summary>Logs why and notes a 401 naming it.</summary>
    public static AuthenticateResult Refuse(HttpContext context, ILogger logger, string problem)
    {
        Log.AdminRequestRejected(logger, problem);
        Refusals.Stash(context, new Refusal(
            RefusalReason.Unauthenticated, StatusCodes.Status401Unauthorized, $"Send the admin API key in the {AdminKeyHandler.HeaderName} header; {problem}."));
        return AuthenticateResult.Fail(problem);
    }

    /// <summary>The admin's own scheme for each request: the key when sent (a wrong key is never rescued by a cookie), else the session.</summary>
    public static string Select(HttpContext context) =>
        context.Request.Headers.ContainsKey(AdminKeyHandler.HeaderName) ? AdminKeyHandler.SchemeName : AdminUiRegistration.Scheme;
}

/// <summary>
/// A signed-in admin page changes nothing without the page's anti-forgery token: a cookie alone never does. Calls
/// with the admin key carry no cookie a browser could send by itself, so they need none.
/// </summary>
internal sealed class AdminAntiforgeryRequirement : IAuthorizationRequirement;

internal sealed class AdminAntiforgeryHandler(IAntiforgery antiforgery) : AuthorizationHandler<AdminAntiforgeryRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminAntiforgeryRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            return;
        }

        var method = http.Request.Method;
        if (context.User.Identity?.AuthenticationType != AdminUiRegistration.Scheme || HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
            || await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            context.Succeed(requirement);
            return;
        }

        Log.AdminRequestRejected(http.RequestServices.GetRequiredService<ILogger<AdminAntiforgeryHandler>>(), "the anti-forgery token is missing or wrong");
        Refusals.Stash(http, new Refusal(
            RefusalReason.Forbidden, StatusCodes.Status403Forbidden, "The page's anti-forgery token is missing or wrong; reload the page."));
        context.Fail();
    }
}
