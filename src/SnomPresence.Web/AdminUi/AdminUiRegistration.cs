using Microsoft.AspNetCore.Authentication.Cookies;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.AdminUi;

internal static class AdminUiRegistration
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The admin pages: a session cookie for admins who signed in with the admin key, and anti-forgery tokens for every change.</summary>
    public static IHostApplicationBuilder AddAdminUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(Scheme).AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "snompresence-admin";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.LoginPath = "/admin/signin";
            // The JSON API answers 401/403 as ProblemDetails; only pages redirect to the sign-in form.
            options.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(options =>
        {
            options.HeaderName = CsrfHeader;
            options.Cookie.Name = "snompresence-csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }

    /// <summary>
    /// Sessions, authorization and anti-forgery for everything but the routes phones and probes call, which carry
    /// their own credentials (phone token, provisioning login) or none: a status screen refreshed every few seconds
    /// by every phone should not pay for reading a cookie it never sends.
    /// </summary>
    public static WebApplication UseAdminUi(this WebApplication app)
    {
        app.UseWhen(
            context => !RequestFamilies.IsMachineRoute(RequestFamilies.Of(context.Request)),
            admin => admin.UseAuthentication().UseAuthorization().UseAntiforgery());
        // The branch records these on its own copy of the properties; without them on the application itself,
        // WebApplication would add all three again in front of every route.
        foreach (var added in MiddlewareSetKeys)
        {
            ((IApplicationBuilder)app).Properties[added] = true;
        }

        return app;
    }

    /// <summary>The markers UseAuthentication, UseAuthorization and UseAntiforgery leave for WebApplication.</summary>
    private static readonly string[] MiddlewareSetKeys = ["__AuthenticationMiddlewareSet", "__AuthorizationMiddlewareSet", "__AntiforgeryMiddlewareSet"];

}
