using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SnomPresence.Web.Phone.ActionUrls;
using SnomPresence.Web.Phone.Minibrowser;

namespace SnomPresence.Web.Phone;

internal static class PhoneRegistration
{
    public static IHostApplicationBuilder AddPhone(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SnomOptions>()
            .BindConfiguration(SnomOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnomOptions>, SnomOptionsValidator>());
        builder.Services.TryAddSingleton<PhoneScreens>();
        return builder;
    }

    /// <summary>Everything a Snom phone calls: action URLs in, minibrowser pages out.</summary>
    public static IEndpointRouteBuilder MapPhone(this IEndpointRouteBuilder app)
    {
        app.MapActionUrls();
        app.MapMinibrowser();
        return app;
    }
}
