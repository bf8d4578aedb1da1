using Microsoft.AspNetCore.Authentication.Cookies;

namespace SnomPresence.Web.AdminUi;

internal static class AdminUiRegistration
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The admin pages: a session cookie for admins who signed in with the admin key, and anti-forgery tokens for every change.</summary>
    public static IHostApplicationBuilder AddAdminUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "snompresence-admin";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/admin/signin";
        });
        builder.Services.AddAntiforgery(options =>
        {
            options.HeaderName = CsrfHeader;
            options.Cookie.Name = "snompresence-csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }
}
