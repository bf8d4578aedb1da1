using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SnomPresence.Web.Admin;
using SnomPresence.Web.Phone;

namespace SnomPresence.Web.AdminUi;

internal static class AdminUiRegistration
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>An idle session ends after this long, and any session after <c>Admin:SessionLifetime</c>.</summary>
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    /// <summary>
    /// The admin pages: a session cookie for admins who signed in with the admin key, recorded in the store so it can
    /// end (<see cref="AdminSessions"/>), and anti-forgery tokens for every change. The session cookie is Secure
    /// whenever the service's public address is https (the anti-forgery cookie whenever the request is: ASP.NET Core
    /// refuses to issue a Secure one over plain HTTP, which a proxy in front may legitimately use).
    /// </summary>
    public static IHostApplicationBuilder AddAdminUi(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<AdminSessions>();
        builder.AddKeyProtection();
        builder.Services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "snompresence-admin";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.SlidingExpiration = true;
            options.LoginPath = "/admin/signin";
            options.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<AdminSessions>().ValidateAsync(context);
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<SnomOptions>, IOptions<AdminOptions>>((options, snom, admin) =>
        {
            options.Cookie.SecurePolicy = SecurePolicy(snom.Value);
            options.ExpireTimeSpan = admin.Value.SessionLifetime < IdleTimeout ? admin.Value.SessionLifetime : IdleTimeout;
        });
        builder.Services.AddAntiforgery(options =>
        {
            options.HeaderName = CsrfHeader;
            options.Cookie.Name = "snompresence-csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }

    /// <summary>Behind a TLS-terminating proxy the request itself may be plain HTTP; the public address says what browsers use.</summary>
    private static CookieSecurePolicy SecurePolicy(SnomOptions snom) =>
        snom.PublicBaseUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
}
