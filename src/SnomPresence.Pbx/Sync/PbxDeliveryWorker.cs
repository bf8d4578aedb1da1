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
/// takes; nothing leaves the outbox until 3CX accepted it. A change 3CX refuses for that one user (its role lacks the
/// user, the user is gone, the body is refused) is parked with the reason, and the others go on at once. Among
/// several instances only the <see cref="PbxLeadership"/> holder delivers, so each change reaches 3CX once.
/// </summary>
internal sealed class PbxDeliveryWorker(
    IPbxOutbox outbox,
    IPresenceStore store,
    IPresenceChangeFeed feed,
    ThreeCxClient client,
    ThreeCxLateWrites lateWrites,
    ThreeCxSettings settings,
    ProfileMap profiles,
    PbxSyncState state,
    PbxRetry retry,
    PbxMetrics metrics,
    PbxLeadership leadership,
    IOptionsMonitor<PbxOptions> monitor,
    TimeProvider time,
    ILogger<PbxDeliveryWorker> logger) : BackgroundService
{
    private const int BatchSize = 100;

    private static readonly TimeSpan StaleReadPause = TimeSpan.FromMilliseconds(20);

    private readonly PresenceSubscription _changes = feed.Subscribe();

    // Set at start and by every configuration change: parked changes get another try then.
    private int _retryParked = 1;

    // The earliest hold that kept an entry back in the last round. Kept, not asked again when the worker goes to
    // sleep: by then the hold may have ended, and the entry would wait a whole poll interval for its next try.
    private DateTimeOffset? _heldUntil;

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
        var options = monitor.CurrentValue;
        if (options.Provider != PbxProvider.ThreeCX)
        {
            return;
        }

        using var onChange = monitor.OnChange(_ =>
        {
            Interlocked.Exchange(ref _retryParked, 1);
            state.RequestDelivery();
        });

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
            MaxDelay = options.ThreeCX.MaxRetryDelay,
            OnRetry = async args => await ReportFailureAsync(args.Outcome.Exception!, args.Context.CancellationToken).ConfigureAwait(false),
        }).Build();

        try
        {
            var leading = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                await leadership.WaitUntilLeaderAsync(stoppingToken).ConfigureAwait(false);
                if (!leading)
                {
                    lateWrites.HoldAll();
                    leading = true;
                }

                if (Interlocked.Exchange(ref _retryParked, 0) == 1)
                {
                    await untilDelivered.ExecuteAsync(
                        async token => await retry.RetryAsync(null, "the sync started or its configuration changed", token).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
                }

                await untilDelivered.ExecuteAsync(DeliverAllAsync, stoppingToken).ConfigureAwait(false);
                await WaitForChangeAsync(stoppingToken).ConfigureAwait(false);
                leading = leadership.IsLeader;
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
        _heldUntil = null;
        IReadOnlyList<PbxOutboxEntry> batch;
        do
        {
            // Drain the wake-ups first: whatever they announce is in the outbox read below.
            while (_changes.Reader.TryRead(out _) || state.DeliveryRequests.TryRead(out _))
            {
            }

            await settings.RefreshIfDueAsync(cancellationToken).ConfigureAwait(false);

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

    /// <summary>
    /// Sends the entry's extension and completes the entry, or parks it when 3CX refuses it; false when the user is
    /// held (<see cref="ThreeCxLateWrites"/>) and the entry stays.
    /// </summary>
    private async Task<bool> DeliverAsync(PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        var extension = entry.Extension;
        var current = await store.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.Version < entry.Version)
        {
            // The change was announced the moment it was committed, and the read may come from a cache that has not
            // taken it in yet: sending that would complete the entry with an older state. Read again shortly.
            await Task.Delay(StaleReadPause, time, cancellationToken).ConfigureAwait(false);
            current = await store.GetAsync(extension, cancellationToken).ConfigureAwait(false);
            if (current is not null && current.Version < entry.Version)
            {
                state.RequestDelivery();
                return false;
            }
        }

        if (current is null)
        {
            await outbox.CompleteAsync(entry, cancellationToken).ConfigureAwait(false);
            return true;
        }

        try
        {
            if (await client.FindUserIdAsync(extension, cancellationToken).ConfigureAwait(false) is not { } userId)
            {
                await ParkAsync(entry, $"3CX has no user with extension {extension}", cancellationToken).ConfigureAwait(false);
                return true;
            }

            try
            {
                if (!await TrySendAsync(userId, current, entry, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
            catch (ThreeCxRefusedException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                // A user deleted in 3CX and created again has a new id: look the number up once more.
                client.ForgetUserId(extension);
                if (await client.FindUserIdAsync(extension, cancellationToken).ConfigureAwait(false) is not { } freshId || freshId == userId)
                {
                    throw;
                }

                if (!await TrySendAsync(freshId, current, entry, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }
        catch (ThreeCxRefusedException ex)
        {
            await ParkAsync(entry, ex.Message, cancellationToken).ConfigureAwait(false);
            return true;
        }

        state.Delivered(extension, time.GetUtcNow());
        metrics.Delivered(entry);
        metrics.Sent("accepted");
        Log.Delivered(logger, extension.Value, profiles.ProfileName(current.Status), entry.Changes.ToString(), current.Version);
        await outbox.CompleteAsync(entry, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sends unless the user is held; false when held.</summary>
    private async Task<bool> TrySendAsync(int userId, PresenceState current, PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        if (lateWrites.HeldUntil(userId) is { } until)
        {
            _heldUntil = _heldUntil is { } earlier && earlier < until ? earlier : until;
            return false;
        }

        await SendAsync(userId, current, entry, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task ParkAsync(PbxOutboxEntry entry, string reason, CancellationToken cancellationToken)
    {
        // A newer change queued meanwhile is not parked: it gets its own try.
        if (await outbox.ParkAsync(entry, reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            Log.DeliveryParked(logger, entry.Extension.Value, reason);
            metrics.Sent("parked");
        }
    }

    private async Task SendAsync(int userId, PresenceState current, PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        var changes = entry.Changes;
        if ((changes & (PbxChanges.Status | PbxChanges.Queue)) != 0)
        {
            await client.SetPresenceAsync(
                userId,
                changes.HasFlag(PbxChanges.Status) ? profiles.ProfileName(current.Status) : null,
                changes.HasFlag(PbxChanges.Queue) ? current.QueueLoggedIn : null,
                cancellationToken).ConfigureAwait(false);
        }

        if (changes.HasFlag(PbxChanges.Forwarding) && !entry.Slots.IsEmpty)
        {
            var forwarding = await client.GetForwardingProfilesAsync(userId, cancellationToken).ConfigureAwait(false);
            var (changed, unwritable) = ThreeCxForwarding.Apply(current.Forwarding, entry.Slots, forwarding, profiles, current.Extension);
            if (!unwritable.IsEmpty)
            {
                Log.ForwardingUnwritable(logger, current.Extension.Value, unwritable.ToString());
            }

            if (changed)
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
        var asked = state.DeliveryRequests.WaitToReadAsync(timeout.Token).AsTask();
        var release = lateWrites.NextRelease();
        if (_heldUntil is { } held && (release is null || held < release))
        {
            release = held;
        }

        var tick = Task.Delay(WaitBefore(time.GetUtcNow(), monitor.CurrentValue.ThreeCX.PollInterval, release), time, timeout.Token);
        await Task.WhenAny(wake, asked, tick).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// How long the worker sleeps when nothing wakes it: the poll interval, or until the earliest hold ends (a held
    /// user is sent its state then, not a poll interval later), and not at all when that moment has passed.
    /// Rounded up to whole milliseconds, as timers count them, so it never wakes just before the hold ends.
    /// </summary>
    internal static TimeSpan WaitBefore(DateTimeOffset now, TimeSpan pollInterval, DateTimeOffset? release)
    {
        if (release is not { } until)
        {
            return pollInterval;
        }

        var left = until - now;
        if (left <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var rounded = TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds));
        return rounded < pollInterval ? rounded : pollInterval;
    }
}
