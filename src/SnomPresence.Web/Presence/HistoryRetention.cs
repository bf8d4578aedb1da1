using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Presence;

/// <summary>How much presence history is kept; the rest is pruned in the background, on every store.</summary>
public sealed class HistoryOptions
{
    public const string SectionName = "History";

    /// <summary>Entries older than this go: a year and a month, so a year ago this month can still be looked up.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>At most this many entries per extension, the newest: a phone toggling all day cannot fill the disk.</summary>
    public int MaxEntriesPerExtension { get; set; } = 10_000;

    /// <summary>How often pruning runs (once a start-up is a few minutes old).</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

internal sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    public ValidateOptionsResult Validate(string? name, HistoryOptions options)
    {
        var errors = new List<string>();
        if (options.Retention < TimeSpan.FromDays(1) || options.Retention > TimeSpan.FromDays(3650))
        {
            errors.Add($"History:Retention '{options.Retention}' must be between 1.00:00:00 and 3650.00:00:00.");
        }

        if (options.MaxEntriesPerExtension is < 10 or > 10_000_000)
        {
            errors.Add($"History:MaxEntriesPerExtension '{options.MaxEntriesPerExtension}' must be between 10 and 10000000.");
        }

        if (options.PruneInterval < TimeSpan.FromMinutes(1) || options.PruneInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"History:PruneInterval '{options.PruneInterval}' must be between 00:01:00 and 1.00:00:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// Prunes history beyond <see cref="HistoryOptions"/> and expired admin sessions, every
/// <see cref="HistoryOptions.PruneInterval"/>, on one instance at a time. It deletes in small batches with pauses,
/// so key presses waiting for the store never queue behind it.
/// </summary>
internal sealed class StorePruneWorker(
    IPresenceStore store,
    IAdminSessionStore sessions,
    IWorkLease leases,
    IOptions<HistoryOptions> options,
    TimeProvider time,
    ILogger<StorePruneWorker> logger) : BackgroundService
{
    private const string LeaseName = "store-prune";
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var history = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(history.PruneInterval, time, stoppingToken).ConfigureAwait(false);
                // Held for one interval: if this instance stops, another takes the next run.
                if (!await leases.TryHoldAsync(LeaseName, history.PruneInterval, stoppingToken).ConfigureAwait(false))
                {
                    continue;
                }

                var now = time.GetUtcNow();
                int removed = 0, batch;
                do
                {
                    batch = await store.PruneHistoryAsync(now - history.Retention, history.MaxEntriesPerExtension, Batch, stoppingToken).ConfigureAwait(false);
                    removed += batch;
                    await Task.Yield();
                }
                while (batch == Batch && !stoppingToken.IsCancellationRequested);

                var ended = await sessions.PruneAsync(now, stoppingToken).ConfigureAwait(false);
                Log.StorePruned(logger, removed, ended);
                Interlocked.Increment(ref _runs);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Tried again at the next interval; nothing waits for it.
                Log.StorePruneFailed(logger, ex);
            }
        }
    }

    private int _runs;

    /// <summary>How many runs completed: a test's positive signal that pruning had its chance.</summary>
    internal int PruneRuns => Volatile.Read(ref _runs);
}
