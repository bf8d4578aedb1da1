using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Polly;
using SnomPresence.Web.Phone.ActionUrls;
using SnomPresence.Web.Phone.Minibrowser;
using SnomPresence.Web.Phone.Push;
using SnomPresence.Web.Security;

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
        builder.Services.TryAddSingleton<PhoneMetrics>();
        builder.Services.TryAddSingleton<PhoneSightings>();
        builder.Services.TryAddSingleton<SnomPhoneClient>();
        builder.Services.TryAddSingleton<PhoneWebLogins>();
        builder.Services.TryAddTransient<PhoneWebAuthentication>();
        builder.Services.TryAddSingleton<PhonePushWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PhonePushWorker>());
        var phoneClient = builder.Services.AddHttpClient(SnomPhoneClient.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                SslOptions = { RemoteCertificateValidationCallback = PhoneCertificates.Validation(sp.GetRequiredService<IOptions<PhonesOptions>>().Value.Push) },
            });
        phoneClient.AddResilienceHandler(SnomPhoneClient.ClientName, AddPushResilience);
        // Inside the retries: every attempt answers its own challenge.
        phoneClient.AddHttpMessageHandler<PhoneWebAuthentication>();
        builder.Services.TryAddSingleton<PhoneFormat>();
        builder.Services.TryAddSingleton<PhoneScreens>();
        return builder;
    }

    /// <summary>
    /// Timeouts and retries of calls to phones, from <c>Phones:Resilience</c> (<c>TotalRequestTimeout</c>, <c>Retry</c>,
    /// <c>AttemptTimeout</c>, named as in .NET's standard handler). Deliberately without that handler's circuit
    /// breaker and concurrency limit: shared by all phones, one switched-off phone would open the circuit for every
    /// other phone; one per phone would cost memory for each of a hundred thousand. A dead phone only delays its
    /// own queue.
    /// </summary>
    private static void AddPushResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var section = context.ServiceProvider.GetRequiredService<IConfiguration>().GetSection("Phones:Resilience");
        var total = new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(15) };
        var retry = new HttpRetryStrategyOptions { MaxRetryAttempts = 2 };
        var attempt = new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(5) };
        section.GetSection("TotalRequestTimeout").Bind(total);
        section.GetSection("Retry").Bind(retry);
        section.GetSection("AttemptTimeout").Bind(attempt);
        pipeline.AddTimeout(total).AddRetry(retry).AddTimeout(attempt);
    }

    /// <summary>
    /// A group of phone routes: only phones with their token get in (<see cref="AccessControl.Phone"/>), and
    /// requests with a bad <c>ext</c> or <c>mac</c> get an error screen before any handler runs.
    /// </summary>
    public static RouteGroupBuilder MapPhoneGroup(this IEndpointRouteBuilder app, string prefix) =>
        PhoneRoutes(app, prefix).AddEndpointFilter<PhoneRequestFilter>();

    private static RouteGroupBuilder PhoneRoutes(IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).WithTags("Phone").WithRequestFamily(RequestFamily.Phone).RequireAuthorization(AccessControl.Phone);

    /// <summary>Everything a Snom phone calls: action URLs in, minibrowser pages out; any other /snom path gets a screen saying so.</summary>
    public static IEndpointRouteBuilder MapPhone(this IEndpointRouteBuilder app)
    {
        app.MapActionUrls();
        app.MapMinibrowser();
        app.MapShortTerm();
        app.MapForwarding();
        app.MapColleagues();
        PhoneRoutes(app, "/snom").MapFallback("/{**path}", UnknownPage);
        return app;
    }

    internal static ContentHttpResult UnknownPage(HttpContext context) =>
        PhoneScreens.Refusal(PhoneContext.For(context).Language, texts => texts.ErrorUnknownPage).ToResult(StatusCodes.Status404NotFound);
}
