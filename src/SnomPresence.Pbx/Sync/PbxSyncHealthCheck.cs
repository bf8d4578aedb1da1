using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.Sync;

/// <summary>
/// PBX sync health: degraded, never unhealthy, while 3CX is unreachable, changes wait too long, or changes 3CX
/// refused are parked — phones keep working on the store, and the outbox catches up. Data carries the outbox depth,
/// the oldest change's age and the number of parked changes.
/// </summary>
internal sealed class PbxSyncHealthCheck(IPbxOutbox outbox, PbxSyncState state, PbxLeadership leadership, IOptions<PbxOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Provider == PbxProvider.None)
        {
            return HealthCheckResult.Healthy("PBX sync is off (Pbx:Provider = None).");
        }

        var stats = await outbox.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        var age = stats.OldestQueuedAt is { } oldest ? time.GetUtcNow() - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["outboxDepth"] = stats.Depth,
            ["parkedChanges"] = stats.Parked,
            ["oldestUndeliveredAgeSeconds"] = Math.Round(age.TotalSeconds, 1),
            ["consecutiveFailures"] = state.ConsecutiveFailures,
            // Among several instances one syncs; the outbox figures are the shared store's either way.
            ["syncingInstance"] = leadership.IsLeader,
        };
        if (state.LastDelivery is { } delivered)
        {
            data["lastDelivery"] = delivered;
        }

        if (state.LastPoll is { } polled)
        {
            data["lastPoll"] = polled;
        }

        if (state.LastError is { } error)
        {
            data["lastError"] = error;
        }

        return state.Failing ? HealthCheckResult.Degraded($"3CX is unreachable ({state.LastError}); changes wait in the outbox.", data: data)
            : age > options.Value.ThreeCX.DegradedAfter ? HealthCheckResult.Degraded($"The oldest change has waited {age.TotalSeconds:0} s for 3CX.", data: data)
            : stats.Parked > 0 ? HealthCheckResult.Degraded(
                $"3CX refused the changes of {stats.Parked} extension(s); they are parked (see GET /api/extensions/{{ext}}, retry with POST /api/extensions/{{ext}}/pbx-retry).", data: data)
            : HealthCheckResult.Healthy(leadership.IsLeader ? "In sync with 3CX." : "Another instance syncs with 3CX; the outbox is up to date.", data);
    }
}
