using Microsoft.Extensions.DependencyInjection.Extensions;

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
        return app;
    }
}
