using Microsoft.Extensions.Diagnostics.HealthChecks;
using SnomPresence.Pbx;
using SnomPresence.Presence;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Hosting;

internal static class HealthRegistration
{
    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: it can serve phones (store reachable), with
    /// PBX sync reported alongside as degraded, never as down, while 3CX is unreachable. Both answer JSON: the checks
    /// in detail to callers in <c>Metrics:AllowedNetworks</c> (this host by default), only the overall status to
    /// anyone else, who may also ask for readiness only <c>RateLimits:Health</c> times.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false, ResponseWriter = WriteJsonAsync }).WithRequestFamily(RequestFamily.Health);
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = check => check.Tags.Contains(ReadyTag) || check.Tags.Contains(PbxRegistration.HealthCheckName),
            ResponseWriter = WriteJsonAsync,
        }).WithRequestFamily(RequestFamily.Health).WithMetadata(new RateLimiting.LimitedForStrangers());
        return app;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report) =>
        context.RequestServices.GetRequiredService<NetworkAllowList>().Metrics.Allows(RequestFamilies.ClientAddress(context))
            ? context.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
            })
            : context.Response.WriteAsJsonAsync(new { status = report.Status.ToString() });
}

internal sealed class StoreHealthCheck(IPresenceStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The presence store cannot be reached.", ex);
        }
    }
}
