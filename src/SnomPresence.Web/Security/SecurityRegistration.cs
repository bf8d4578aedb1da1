using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Security;

internal static class SecurityRegistration
{
    /// <summary>
    /// What stands in front of every route: trusted proxies, network allow-lists, rate limits, size limits, and who
    /// may call what (<see cref="AccessControl"/>).
    /// </summary>
    public static IHostApplicationBuilder AddRequestProtection(this IHostApplicationBuilder builder)
    {
        builder.AddAccessControl();
        builder.Services.AddOptionsWithValidateOnStart<NetworkOptions, NetworkOptionsValidator>().BindConfiguration(NetworkOptions.SectionName);
        builder.Services.AddOptionsWithValidateOnStart<RateLimitsOptions, RateLimitsOptionsValidator>().BindConfiguration(RateLimitsOptions.SectionName);
        builder.Services.AddOptionsWithValidateOnStart<RequestLimitsOptions, RequestLimitsOptionsValidator>().BindConfiguration(RequestLimitsOptions.SectionName);
        builder.Services.TryAddSingleton<NetworkAllowList>();
        builder.Services.TryAddSingleton<LoginAttempts>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitsOptions>, NetworkAllowList>((options, limits, lists) => RateLimiting.Configure(options, limits.Value, lists));
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NetworkOptions>>((options, network) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in NetworkList.Parse(network.Value.KnownProxies, "Network:KnownProxies").Networks)
            {
                options.KnownIPNetworks.Add(proxy);
            }

            // Each known proxy in a chain peels one address off; the first unknown one is the client.
            options.ForwardLimit = null;
        });
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.Value.HeaderBytes;
            kestrel.Limits.MaxRequestLineSize = limits.Value.RequestLineBytes;
            kestrel.Limits.MaxRequestBodySize = limits.Value.AdminBodyBytes;
        });
        builder.Services.AddHostedService<RequestProtectionStartupCheck>();
        return builder;
    }

    /// <summary>
    /// In this order, once routing has found the endpoint and so its family: the caller's real address, the
    /// family's networks, how often and how much, then the credentials the route's policy asks for.
    /// </summary>
    public static WebApplication UseRequestProtection(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<NetworkOptions>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();

        // Always in place: /metrics has a list even when the phones have none.
        app.UseMiddleware<NetworkAllowListMiddleware>();

        if (app.Services.GetRequiredService<IOptions<RateLimitsOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        app.UseMiddleware<RequestSizeLimitsMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}

/// <summary>Says at start-up which networks and proxies are trusted, and loudly when rate limits are off.</summary>
internal sealed class RequestProtectionStartupCheck(
    NetworkAllowList lists, IOptions<NetworkOptions> network, IOptions<RateLimitsOptions> limits, ILogger<RequestProtectionStartupCheck> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!lists.Phones.IsEmpty)
        {
            Log.NetworksAllowed(logger, NetworkAllowList.PhonesKey, string.Join(", ", lists.Phones.Networks));
        }

        if (!lists.Provisioning.IsEmpty)
        {
            Log.NetworksAllowed(logger, lists.ProvisioningSource + " (provisioning)", string.Join(", ", lists.Provisioning.Networks));
        }

        if (network.Value.KnownProxies.Count > 0)
        {
            Log.ProxiesTrusted(logger, string.Join(", ", network.Value.KnownProxies));
        }

        if (!limits.Value.Enabled)
        {
            Log.RateLimitsOff(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
