using Microsoft.Extensions.DependencyInjection.Extensions;
using SnomPresence.Web.Colleagues;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Admin;

internal static class AdminRegistration
{
    public static IHostApplicationBuilder AddAdminApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<AdminOptions, AdminOptionsValidator>()
            .BindConfiguration(AdminOptions.SectionName);
        builder.Services.TryAddSingleton<AdminView>();
        builder.Services.TryAddSingleton<AdminKey>();
        builder.Services.AddHostedService<AdminApiStartupCheck>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapExtensionsApi();
        app.MapPhonesApi();
        app.MapGroupsApi();
        // Any other /api path: a 404 in ProblemDetails, and only for admins.
        app.MapGroup("/api").WithTags("Admin").RequireAdmin().MapFallback("/{**path}", () => TypedResults.Problem(
            title: "Not Found", detail: "There is no such admin API route.", statusCode: StatusCodes.Status404NotFound))
            .ExcludeFromDescription();
        return app;
    }
}
