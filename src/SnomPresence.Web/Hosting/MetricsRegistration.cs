using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using SnomPresence.Presence;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Hosting;

/// <summary>Who may scrape <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// The networks Prometheus scrapes from (addresses or CIDRs). Empty means this host only (127.0.0.0/8, ::1):
    /// request counts per route and outbox figures are nobody else's business unless the admin says so.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];
}

internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
        NetworkList.TryParse(options.AllowedNetworks, "Metrics:AllowedNetworks", out _, out var error)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(error!);
}

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
        builder.Services.AddOptionsWithValidateOnStart<MetricsOptions, MetricsOptionsValidator>().BindConfiguration(MetricsOptions.SectionName);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServiceMeter.Name)
            .AddView(StreamFor)
            // Scrapes come every few seconds; each one should see the figures of that moment.
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    /// <summary>
    /// OpenTelemetry reserves room for 2,000 tag combinations per instrument up front (about 144 KB each, 5 MB in
    /// all). Only the request duration (route, method, status) can come near that; every other instrument here has a
    /// handful of combinations, so it gets room for 100. Past the limit, measurements are still counted, under an
    /// overflow series.
    /// </summary>
    private static MetricStreamConfiguration? StreamFor(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Name == "http.server.request.duration" ? null : new MetricStreamConfiguration { CardinalityLimit = 100 };

    public static IEndpointRouteBuilder MapServiceMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path).WithRequestFamily(RequestFamily.Metrics);
        return app;
    }
}
