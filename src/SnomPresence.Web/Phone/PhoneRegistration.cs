using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
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
        builder.Services.AddOptionsWithValidateOnStart<PhonePushOptions, PhonePushOptionsValidator>().BindConfiguration(PhonePushOptions.SectionName);
        builder.Services.TryAddSingleton<PhoneEchoGuard>();
        builder.Services.TryAddSingleton<PhoneSightings>();
        builder.Services.TryAddSingleton<SnomPhoneClient>();
        builder.Services.TryAddSingleton<PhonePushWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PhonePushWorker>());
        builder.Services.AddHttpClient(SnomPhoneClient.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var push = sp.GetRequiredService<IOptions<PhonePushOptions>>().Value;
                // Credentials on the handler answer either challenge: Basic (http_scheme off) or Digest (on).
                return new SocketsHttpHandler
                {
                    Credentials = string.IsNullOrEmpty(push.HttpUser) ? null : new System.Net.NetworkCredential(push.HttpUser, push.HttpPassword),
                    AllowAutoRedirect = false,
                };
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
