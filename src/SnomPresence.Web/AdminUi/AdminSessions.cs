using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Web.Admin;

namespace SnomPresence.Web.AdminUi;

/// <summary>
/// Admin sessions that end: each signed-in session is recorded in the store and its cookie counts only while the
/// record does, so signing out ends it on the server (a copy of the cookie is refused), every session ends after
/// <c>Admin:SessionLifetime</c> however active, and a changed <c>Admin:ApiKey</c> ends them all.
/// </summary>
internal sealed class AdminSessions(IAdminSessionStore store, AdminKey key, IOptions<AdminOptions> options, TimeProvider time, ILogger<AdminSessions> logger)
{
    private const string SessionClaim = "snompresence:session";
    private const string KeyClaim = "snompresence:key";

    /// <summary>Records a new session for an admin who just gave the key; answers who they are for the cookie.</summary>
    public async Task<(ClaimsPrincipal Admin, DateTimeOffset ExpiresAt)> StartAsync(CancellationToken cancellationToken)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var expires = time.GetUtcNow() + options.Value.SessionLifetime;
        await store.StartAsync(id, expires, cancellationToken).ConfigureAwait(false);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(SessionClaim, id), new Claim(KeyClaim, key.Stamp)], AdminUiRegistration.Scheme);
        return (new ClaimsPrincipal(identity), expires);
    }

    public Task EndAsync(ClaimsPrincipal admin, CancellationToken cancellationToken) =>
        admin.FindFirstValue(SessionClaim) is { } id ? store.EndAsync(id, cancellationToken) : Task.CompletedTask;

    /// <summary>Runs for every request with a session cookie: a cookie whose session is over signs nobody in.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var id = principal?.FindFirstValue(SessionClaim);
        var problem = id is null ? "the session cookie names no session"
            : principal!.FindFirstValue(KeyClaim) != key.Stamp ? "the session began with an admin key that has changed since"
            : !await store.IsActiveAsync(id, time.GetUtcNow(), context.HttpContext.RequestAborted).ConfigureAwait(false) ? "the session has ended (signed out, or older than Admin:SessionLifetime)"
            : null;
        if (problem is null)
        {
            return;
        }

        Log.AdminRequestRejected(logger, problem);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(AdminUiRegistration.Scheme).ConfigureAwait(false);
    }
}
