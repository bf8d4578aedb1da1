using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using SnomPresence.Web.Phone.ActionUrls;
using SnomPresence.Web.Phone.Minibrowser;
using SnomPresence.Web.Phone.Push;

namespace SnomPresence.Web.Phone;

internal static class PhoneRegistration
{
    public static IHostApplicationBuilder AddPhone(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<SnomOptions, SnomOptionsValidator>()
            .BindConfiguration(SnomOptions.SectionName)
            .ValidateDataAnnotations();
        builder.Services.AddOptionsWithValidateOnStart<PhonesOptions, PhonesOptionsValidator>().BindConfiguration(PhonesOptions.SectionName);
        builder.Services.TryAddSingleton<PhoneEchoGuard>();
        builder.Services.TryAddSingleton<PhoneSightings>();
        builder.Services.TryAddSingleton<SnomPhoneClient>();
        builder.Services.TryAddSingleton<PhoneWebCredentials>();
        builder.Services.TryAddSingleton<PhoneAccess>();
        builder.Services.TryAddSingleton<PhonePushWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PhonePushWorker>());
        builder.Services.AddHttpClient(SnomPhoneClient.ClientName)
            // Credentials on the handler answer either challenge: Basic (http_scheme off) or Digest (on).
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                Credentials = sp.GetRequiredService<PhoneWebCredentials>(),
                AllowAutoRedirect = false,
            })
            .AddStandardResilienceHandler()
            .Configure((options, sp) => sp.GetRequiredService<IConfiguration>().GetSection("Phones:Resilience").Bind(options));
        builder.Services.TryAddSingleton<PhoneFormat>();
        builder.Services.TryAddSingleton<PhoneScreens>();
        return builder;
    }

    /// <summary>A group of phone routes: requests with a bad <c>ext</c> or <c>mac</c> get an error screen before any handler runs.</summary>
    public static RouteGroupBuilder MapPhoneGroup(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).WithTags("Phone").AddEndpointFilter<PhoneRequestFilter>();

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
