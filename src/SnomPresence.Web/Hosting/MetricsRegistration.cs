using OpenTelemetry.Metrics;
using SnomPresence.Presence;

namespace SnomPresence.Web.Hosting;

internal static class MetricsRegistration
{
    public const string Path = "/metrics";

    /// <summary>
    /// Prometheus metrics through OpenTelemetry: ASP.NET Core's own request, connection and rate-limiting meters
    /// (requests per route from <c>http.server.request.duration</c>) and the service's meter: DND presses, pushes
    /// to phones, PBX sync lag and outbox depth.
    /// </summary>
    public static IHostApplicationBuilder AddServiceMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServiceMeter.Name)
            // Scrapes come every few seconds; each one should see the figures of that moment.
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    public static IEndpointRouteBuilder MapServiceMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path);
        return app;
    }
}
