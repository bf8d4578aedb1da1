using Microsoft.Extensions.DependencyInjection.Extensions;
using SnomPresence.Web.Phone.ActionUrls;
using SnomPresence.Web.Phone.Minibrowser;

namespace SnomPresence.Web.Phone;

internal static class PhoneRegistration
{
    public static IHostApplicationBuilder AddPhone(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<SnomOptions, SnomOptionsValidator>()
            .BindConfiguration(SnomOptions.SectionName)
            .ValidateDataAnnotations();
        builder.Services.TryAddSingleton<PhoneFormat>();
        builder.Services.TryAddSingleton<PhoneScreens>();
        return builder;
    }

    /// <summary>Everything a Snom phone calls: action URLs in, minibrowser pages out.</summary>
    public static IEndpointRouteBuilder MapPhone(this IEndpointRouteBuilder app)
    {
        app.MapActionUrls();
        app.MapMinibrowser();
        app.MapShortTerm();
        app.MapForwarding();
        return app;
    }
}
