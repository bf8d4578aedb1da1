using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using SnomPresence.Pbx.ThreeCx;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.Sync;

/// <summary>
/// Delivers the outbox to 3CX: woken by every stored change, it sends each waiting extension's current state
/// (coalesced, oldest first). While 3CX is down it waits with jittered backoff and tries again, for as long as it
/// takes; nothing leaves the outbox until 3CX accepted it. Among several instances only the <see cref="PbxLeadership"/>
/// holder delivers, so each change reaches 3CX once.
/// </summary>
internal sealed class PbxDeliveryWorker(
    IPbxOutbox outbox,
    IPresenceStore store,
    IPresenceChangeFeed feed,
    ThreeCxClient client,
    ThreeCxLateWrites lateWrites,
    ProfileMap profiles,
    PbxSyncState state,
    PbxMetrics metrics,
    PbxLeadership leadership,
    IOptions<PbxOptions> options,
    TimeProvider time,
    ILogger<PbxDeliveryWorker> logger) : BackgroundService
{
    private const int BatchSize = 100;

    private readonly PresenceSubscription _changes = feed.Subscribe();

    /// <summary>
    /// Cancelled when the host's shutdown deadline (<c>HostOptions:ShutdownTimeout</c>) passes, not when the stop
    /// begins: the delivery under way then is finished and taken off the outbox, rather than cut off after 3CX may
    /// already have applied it.
    /// </summary>
    private readonly CancellationTokenSource _shutdownDeadline = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(_shutdownDeadline.Cancel))
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _shutdownDeadline.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var changes = _changes;
        if (options.Value.Provider != PbxProvider.ThreeCX)
        {
            return;
        }

        var untilDelivered = new ResiliencePipelineBuilder
        {
            TimeProvider = time,
        }.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = options.Value.ThreeCX.MaxRetryDelay,
            OnRetry = async args => await ReportFailureAsync(args.Outcome.Exception!, args.Context.CancellationToken).ConfigureAwait(false),
        }).Build();

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await leadership.WaitUntilLeaderAsync(stoppingToken).ConfigureAwait(false);
                await untilDelivered.ExecuteAsync(DeliverAllAsync, stoppingToken).ConfigureAwait(false);
                await WaitForChangeAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; whatever is left stays in the outbox for the next start.
        }
    }

    private async ValueTask DeliverAllAsync(CancellationToken cancellationToken)
    {
        var recovering = state.Failing;
        IReadOnlyList<PbxOutboxEntry> batch;
        do
        {
            // Drain the wake-ups first: whatever they announce is in the outbox read below.
            while (_changes.Reader.TryRead(out _))
            {
            }

            batch = await outbox.PeekAsync(BatchSize, cancellationToken).ConfigureAwait(false);
            var held = 0;
            foreach (var entry in batch)
            {
                if (!leadership.IsLeader)
                {
                    // Another instance took over; what is left is its work now.
                    metrics.Counted(null);
                    return;
                }

                // Stopping: no further entry is started; what is left waits in the outbox for the next start.
                cancellationToken.ThrowIfCancellationRequested();
                if (!await DeliverAsync(entry, _shutdownDeadline.Token).ConfigureAwait(false))
                {
                    held++;
                }
            }

            // A batch of nothing but held entries would come back the same; they go when their hold ends.
            if (held == batch.Count)
            {
                break;
            }
        }
        while (batch.Count == BatchSize);

        var left = await outbox.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        metrics.Counted(left);
        if (recovering)
        {
            Log.Recovered(logger, left.Depth);
        }
    }

    /// <summary>Sends the entry's extension and completes the entry; false when the user is held (<see cref="ThreeCxLateWrites"/>) and the entry stays.</summary>
    private async Task<bool> DeliverAsync(PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(entry.Extension, cancellationToken).ConfigureAwait(false);
        try
        {
            var userId = current is null ? null : await client.FindUserIdAsync(entry.Extension, cancellationToken).ConfigureAwait(false);
            if (userId is { } id && lateWrites.HeldUntil(id) is not null)
            {
                return false;
            }

            if (userId is null)
            {
                Log.UnknownUser(logger, entry.Extension.Value);
                metrics.Sent("unknown_user");
            }
            else
            {
                await SendAsync(userId.Value, current!, entry.Changes, cancellationToken).ConfigureAwait(false);
                state.Delivered(entry.Extension, time.GetUtcNow());
                metrics.Delivered(entry);
                metrics.Sent("accepted");
                Log.Delivered(logger, entry.Extension.Value, profiles.ProfileName(current!.Status), entry.Changes.ToString(), current.Version);
            }
        }
        catch (HttpRequestException ex) when (IsPermanent(ex.StatusCode))
        {
            // Retrying cannot help (e.g. 3CX rejects the profile name); holding the entry would block everyone behind it.
            Log.DeliveryRejected(logger, entry.Extension.Value, (int)ex.StatusCode!.Value);
            metrics.Sent("rejected");
        }

        await outbox.CompleteAsync(entry, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task SendAsync(int userId, PresenceState current, PbxChanges changes, CancellationToken cancellationToken)
    {
        if ((changes & (PbxChanges.Status | PbxChanges.Queue)) != 0)
        {
            await client.SetPresenceAsync(
                userId,
                changes.HasFlag(PbxChanges.Status) ? profiles.ProfileName(current.Status) : null,
                changes.HasFlag(PbxChanges.Queue) ? current.QueueLoggedIn : null,
                cancellationToken).ConfigureAwait(false);
        }

        if (changes.HasFlag(PbxChanges.Forwarding))
        {
            var forwarding = await client.GetForwardingProfilesAsync(userId, cancellationToken).ConfigureAwait(false);
            if (ThreeCxForwarding.Apply(current.Forwarding, forwarding, profiles, current.Extension))
            {
                await client.SetForwardingProfilesAsync(userId, forwarding, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask ReportFailureAsync(Exception error, CancellationToken cancellationToken)
    {
        state.Failed(error);
        metrics.Sent("failed");
        var stats = await outbox.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        metrics.Counted(stats);
        if (stats.Depth > 0 && (await outbox.PeekAsync(1, cancellationToken).ConfigureAwait(false)) is [var first])
        {
            await outbox.RecordFailureAsync(first, cancellationToken).ConfigureAwait(false);
        }

        var age = stats.OldestQueuedAt is { } oldest ? (time.GetUtcNow() - oldest).TotalSeconds : 0;
        Log.DeliveryFailed(logger, PbxSyncState.Describe(error), stats.Depth, age);
    }

    private async Task WaitForChangeAsync(CancellationToken stoppingToken)
    {
        // The poll interval bounds the wait, so entries left by another process or a missed wake-up still go out.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var wake = _changes.Reader.WaitToReadAsync(timeout.Token).AsTask();
        var wait = options.Value.ThreeCX.PollInterval;
        if (lateWrites.NextRelease() is { } release && release - time.GetUtcNow() < wait)
        {
            // A held user is sent its state as soon as the hold ends, not a poll interval later.
            wait = TimeSpan.FromTicks(Math.Max((release - time.GetUtcNow()).Ticks, 0));
        }

        var tick = Task.Delay(wait, time, timeout.Token);
        await Task.WhenAny(wake, tick).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private static bool IsPermanent(HttpStatusCode? status) =>
        status is { } s && (int)s is >= 400 and < 500 && s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
}
