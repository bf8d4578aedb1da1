using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using SnomPresence.Pbx.Sync;
using SnomPresence.Pbx.ThreeCx;
using SnomPresence.Presence;

namespace SnomPresence.Pbx;

public static class PbxRegistration
{
    /// <summary>The name and tag of the PBX sync health check.</summary>
    public const string HealthCheckName = "pbx-sync";

    /// <summary>
    /// Two-way presence sync with 3CX when <c>Pbx:Provider</c> is ThreeCX: changes go out through the durable
    /// outbox, changes made in 3CX come in by polling. With None, nothing here runs.
    /// </summary>
    public static IHostApplicationBuilder AddPbxSync(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<PbxOptions, PbxOptionsValidator>().BindConfiguration(PbxOptions.SectionName);
        builder.Services.TryAddSingleton(sp => new PresenceServiceOptions
        {
            SyncToPbx = sp.GetRequiredService<IOptions<PbxOptions>>().Value.Provider != PbxProvider.None,
        });

        builder.Services.TryAddSingleton<ThreeCxTokenProvider>();
        builder.Services.TryAddSingleton<ProfileMap>();
        builder.Services.TryAddSingleton<PbxSyncState>();
        builder.Services.TryAddSingleton<PbxRetry>();
        builder.Services.TryAddSingleton<ThreeCxSettings>();
        builder.Services.TryAddSingleton<PbxMetrics>();
        builder.Services.AddTransient<ThreeCxAuthHandler>();
        builder.Services.TryAddSingleton<ThreeCxRetryAfter>();
        builder.Services.AddTransient<WaitForRetryAfterHandler>();
        builder.Services.AddTransient<NoteRetryAfterHandler>();
        builder.Services.TryAddSingleton<ThreeCxLateWrites>();
        builder.Services.AddTransient<NoteLateWriteHandler>();

        // Handlers run in the order added, outermost first: wait for Retry-After, (token,) resilience, then what each
        // attempt tells: Retry-After, and PATCHes that may land late.
        var token = builder.Services.AddHttpClient(ThreeCxTokenProvider.TokenClientName, ConfigureBaseAddress)
            .AddHttpMessageHandler<WaitForRetryAfterHandler>();
        token.AddStandardResilienceHandler().Configure(ConfigureResilience);
        token.AddHttpMessageHandler<NoteRetryAfterHandler>();
        var xapi = builder.Services.AddHttpClient(ThreeCxClient.ClientName, ConfigureBaseAddress)
            .AddHttpMessageHandler<WaitForRetryAfterHandler>()
            .AddHttpMessageHandler<ThreeCxAuthHandler>();
        xapi.AddStandardResilienceHandler().Configure(ConfigureResilience);
        xapi.AddHttpMessageHandler<NoteRetryAfterHandler>().AddHttpMessageHandler<NoteLateWriteHandler>();
        builder.Services.TryAddSingleton<ThreeCxClient>();
        builder.Services.TryAddTransient<ThreeCxCheck>();

        builder.Services.TryAddSingleton<PbxLeadership>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PbxLeadership>());
        builder.Services.AddHostedService<PbxDeliveryWorker>();
        builder.Services.AddHostedService<PbxPollWorker>();
        builder.Services.AddHealthChecks().AddCheck<PbxSyncHealthCheck>(HealthCheckName, tags: [HealthCheckName]);
        return builder;
    }

    /// <summary>Timeouts, retries and circuit breaker of the 3CX calls, from <c>Pbx:Resilience</c> over the standard defaults.</summary>
    private static void ConfigureResilience(HttpStandardResilienceOptions options, IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>().GetSection("Pbx:Resilience").Bind(options);

    private static void ConfigureBaseAddress(IServiceProvider services, HttpClient client)
    {
        var baseUrl = services.GetRequiredService<IOptions<PbxOptions>>().Value.ThreeCX.BaseUrl;
        if (Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            client.BaseAddress = uri;
        }
    }
}
