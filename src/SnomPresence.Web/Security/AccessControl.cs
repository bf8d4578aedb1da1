using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SnomPresence.Web.Admin;
using SnomPresence.Web.AdminUi;
using SnomPresence.Web.Phone;
using SnomPresence.Web.Provisioning;

namespace SnomPresence.Web.Security;

/// <summary>
/// Who may call what, declared on the route groups as policies: each family authenticates with its own scheme
/// (phone token, provisioning login, admin key or admin session), and <see cref="Refusals"/> answers every refusal
/// in the family's dialect. No scheme runs by default, so a route pays only for the credentials it asks for.
/// </summary>
internal static class AccessControl
{
    public const string Phone = "Phone";
    public const string Provisioning = "Provisioning";
    public const string Admin = "Admin";
    public const string AdminPages = "AdminPages";

    public static IHostApplicationBuilder AddAccessControl(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PhoneTokenHandler>(PhoneTokenHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ProvisioningLoginHandler>(ProvisioningLoginHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyHandler>(AdminKeyHandler.SchemeName, null)
            .AddPolicyScheme(AdminAccess.Scheme, null, options => options.ForwardDefaultSelector = AdminAccess.Select);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Phone, policy => policy.AddAuthenticationSchemes(PhoneTokenHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(Provisioning, policy => policy.AddAuthenticationSchemes(ProvisioningLoginHandler.SchemeName).RequireAuthenticatedUser()
                .AddRequirements(new ProvisioningFileRequirement()))
            .AddPolicy(Admin, policy => policy.AddAuthenticationSchemes(AdminAccess.Scheme).RequireAuthenticatedUser()
                .AddRequirements(new AdminAntiforgeryRequirement()))
            .AddPolicy(AdminPages, policy => policy.AddAuthenticationSchemes(AdminUiRegistration.Scheme).RequireAuthenticatedUser());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, AdminAntiforgeryHandler>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ProvisioningFileHandler>());
        builder.Services.TryAddSingleton<Refusals>();
        // Replaces ASP.NET Core's own, which would challenge through the schemes: each family answers in its dialect.
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler>(sp => sp.GetRequiredService<Refusals>());
        return builder;
    }

    /// <summary>
    /// Admin API routes: the admin key, or a signed-in session with the page's anti-forgery token for changes. Their
    /// OpenAPI description lists the refusals that go with it.
    /// </summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithRequestFamily(RequestFamily.Admin).RequireAuthorization(Admin);
        builder.Finally(AdminApiDocument.DeclareRefusals);
        return builder;
    }
}
