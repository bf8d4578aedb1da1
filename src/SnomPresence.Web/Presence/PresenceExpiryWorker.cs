using SnomPresence.Presence;

namespace SnomPresence.Web.Presence;

/// <summary>
/// Returns short-term statuses to available when they run out (source <c>timer</c>). It sleeps until the soonest
/// expiry in the store, waking early when a change may have set an earlier one. Because the expiry is stored with
/// the state, a restart in between changes nothing: expiries that passed while the service was down fire at start.
/// </summary>
internal sealed class PresenceExpiryWorker(
    IPresenceStore store, PresenceService presence, IPresenceChangeFeed feed, TimeProvider time, ILogger<PresenceExpiryWorker> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(30);

    private readonly PresenceSubscription _changes = feed.Subscribe();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var changes = _changes;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var sleep = MaxSleep;
                try
                {
                    sleep = await ExpireDueAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ExpiryFailed(logger, ex);
                }

                await WaitAsync(sleep, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; expiries are in the store for the next start.
        }
    }

    /// <summary>Expires everything due and answers how long to sleep until the next expiry.</summary>
    private async Task<TimeSpan> ExpireDueAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PresenceState> due;
        do
        {
            due = await store.ListExpiringAsync(time.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var state in due)
            {
                await presence.ExpireAsync(state, cancellationToken).ConfigureAwait(false);
            }
        }
        while (due.Count == BatchSize);

        var next = await store.NextExpiryAsync(cancellationToken).ConfigureAwait(false);
        return next is { } at ? TimeSpan.FromTicks(Math.Clamp((at - time.GetUtcNow()).Ticks, 0, MaxSleep.Ticks)) : MaxSleep;
    }

    /// <summary>Sleeps until the next expiry, or until a change sets an expiry earlier than that.</summary>
    private async Task WaitAsync(TimeSpan sleep, CancellationToken stoppingToken)
    {
        var due = time.GetUtcNow() + sleep;
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(sleep, time, wake.Token);
        while (!timer.IsCompleted)
        {
            var changed = _changes.Reader.WaitToReadAsync(wake.Token).AsTask();
            if (await Task.WhenAny(changed, timer).ConfigureAwait(false) == timer || !await changed.ConfigureAwait(false))
            {
                break;
            }

            var earlier = false;
            while (_changes.Reader.TryRead(out var change))
            {
                earlier |= change.Current.ExpiresAt < due;
            }

            if (earlier)
            {
                break;
            }
        }

        await wake.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }
}
