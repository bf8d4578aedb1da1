using Microsoft.Extensions.Logging;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.Sync;

/// <summary>
/// Puts parked changes back in line for 3CX: one extension's when an admin asks, all of them when the configuration
/// changes or the sync starts. Each gets one more attempt; a refusal parks it again.
/// </summary>
internal sealed class PbxRetry(IPbxOutbox outbox, PbxSyncState state, ILogger<PbxRetry> logger)
{
    public async Task<int> RetryAsync(Extension? extension, string cause, CancellationToken cancellationToken)
    {
        var retried = await outbox.RetryParkedAsync(extension, cancellationToken).ConfigureAwait(false);
        if (retried > 0)
        {
            Log.ParkedRetried(logger, retried, cause);
            state.RequestDelivery();
        }

        return retried;
    }
}
