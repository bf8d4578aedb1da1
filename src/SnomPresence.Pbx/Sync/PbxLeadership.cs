using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.Sync;

/// <summary>
/// Among instances sharing a store, exactly one talks to 3CX: the one holding the <c>pbx-sync</c> lease. It renews
/// the lease three times per <c>Pbx:LeaseDuration</c>; when it dies, the lease runs out and another instance takes
/// over, finding every undelivered change still in the outbox. On the embedded SQLite store the one process always
/// holds it.
/// </summary>
internal sealed class PbxLeadership(IWorkLease leases, IOptions<PbxOptions> options, TimeProvider time, ILogger<PbxLeadership> logger) : BackgroundService
{
    public const string LeaseName = "pbx-sync";

    private TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsLeader { get; private set; }

    /// <summary>Completes once this instance holds the lease (at once while it does).</summary>
    public Task WaitUntilLeaderAsync(CancellationToken cancellationToken) => Volatile.Read(ref _leading).Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != PbxProvider.ThreeCX)
        {
            return;
        }

        var duration = options.Value.LeaseDuration;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                bool held;
                try
                {
                    held = await leases.TryHoldAsync(LeaseName, duration, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Unsure whether it is still held: stepping back is safe, another instance may take over.
                    Log.LeaseCheckFailed(logger, ex.GetType().Name);
                    held = false;
                }

                if (held && !IsLeader)
                {
                    IsLeader = true;
                    Volatile.Read(ref _leading).TrySetResult();
                    Log.LeaseTaken(logger);
                }
                else if (!held && IsLeader)
                {
                    IsLeader = false;
                    Volatile.Write(ref _leading, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    Log.LeaseLost(logger);
                }

                await Task.Delay(duration / 3, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (IsLeader)
        {
            IsLeader = false;
            try
            {
                // Handing over at once instead of when the lease runs out.
                await leases.ReleaseAsync(LeaseName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.LeaseCheckFailed(logger, ex.GetType().Name);
            }
        }
    }
}
