using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// Keeps the phones in step with presence changed elsewhere: when the status of an extension changes, each of its
/// phones whose own DND mode no longer matches is told to switch (<c>dnd_mode</c>), and, unless the change came
/// from a phone, shown the fresh status screen. Calls to one phone run one after another on that phone's own
/// queue; a slow or unreachable phone delays nobody, least of all the change itself.
/// </summary>
internal sealed class PhonePushWorker(
    IPresenceChangeFeed feed,
    IPhoneDirectory phones,
    IPhoneInventory inventory,
    IPresenceStore store,
    PhoneSightings sightings,
    SnomPhoneClient client,
    PhoneWebCredentials credentials,
    PhoneEchoGuard echoes,
    PhoneMetrics metrics,
    IOptions<PhonesOptions> pushOptions,
    IOptions<SnomOptions> snomOptions,
    ILogger<PhonePushWorker> logger) : BackgroundService
{
    private readonly PresenceSubscription _changes = feed.Subscribe();
    private readonly Dictionary<string, Queue<PushJob>> _queues = [];
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var changes = _changes;
        _stopping = stoppingToken;
        if (!pushOptions.Value.Push)
        {
            return;
        }

        try
        {
            await foreach (var change in changes.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                // The instance that stored a change pushes it; the others only hear of it. An extension a phone
                // creates (first key press, boot) is followed by that press's own change or the boot push; pushing
                // the brief "available" in between would switch the pressing phone's DND off again.
                if (change.FromOtherInstance
                    || (change.Previous is { } previous && previous.Status == change.Current.Status)
                    || (change.Previous is null && change.Current.Source == ChangeSource.Phone))
                {
                    continue;
                }

                try
                {
                    await PushAsync(change.Current, showPage: change.Current.Source != ChangeSource.Phone, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PushFailed(logger, change.Current.Extension.Value, "-", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Queues what the extension's phones need to match <paramref name="state"/>.</summary>
    public async Task PushAsync(PresenceState state, bool showPage, CancellationToken cancellationToken)
    {
        foreach (var phone in await phones.FindAsync(state.Extension, cancellationToken).ConfigureAwait(false))
        {
            Enqueue(new PushJob(phone, ForceDnd: false, showPage));
        }
    }

    /// <summary>A phone that just booted gets the current DND mode whatever it reports, and the status screen.</summary>
    public void PushAfterBoot(KnownPhone phone) => Enqueue(new PushJob(phone, ForceDnd: true, ShowPage: true));

    private void Enqueue(PushJob job)
    {
        if (!pushOptions.Value.Push)
        {
            return;
        }

        lock (_queues)
        {
            if (_queues.TryGetValue(job.Phone.Id, out var waiting))
            {
                waiting.Enqueue(job);
                return;
            }

            _queues[job.Phone.Id] = new Queue<PushJob>([job]);
        }

        _ = Task.Run(() => RunQueueAsync(job.Phone.Id), CancellationToken.None);
    }

    /// <summary>
    /// Works off one phone's jobs, one after another, and ends with the last: a hundred thousand phones cost
    /// nothing while nothing is being pushed.
    /// </summary>
    private async Task RunQueueAsync(string phoneId)
    {
        while (!_stopping.IsCancellationRequested)
        {
            PushJob job;
            lock (_queues)
            {
                var waiting = _queues[phoneId];
                if (!waiting.TryPeek(out job!))
                {
                    _queues.Remove(phoneId);
                    return;
                }
            }

            // The address comes with each job: a phone that moved is reached at its new one.
            try
            {
                await SendAsync(job).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // The next change tries this phone again.
                Log.PushFailed(logger, job.Phone.Extension.Value, job.Phone.Id, ex is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status}" : ex.GetType().Name);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down.
                return;
            }

            lock (_queues)
            {
                // Dequeued only now, so a job queued meanwhile finds the queue still running and waits its turn.
                _queues[phoneId].Dequeue();
            }
        }
    }

    private async Task SendAsync(PushJob job)
    {
        var phone = job.Phone;
        // The state as it is now, not as it was queued: a phone whose user pressed DND again meanwhile must not be
        // pushed the superseded mode, nor have that press taken for the echo of it.
        if (await store.GetAsync(phone.Extension, _stopping).ConfigureAwait(false) is not { } state)
        {
            return;
        }

        var dnd = state.IsDnd;
        var provisioned = MacAddress.TryParse(phone.Mac, out var mac) ? await inventory.GetAsync(mac, _stopping).ConfigureAwait(false) : null;
        credentials.Use(phone.Address, provisioned?.WebLogin);
        // Decided now, not when queued: earlier jobs on this queue (or a key press) may have changed what the phone has.
        if (job.ForceDnd || sightings.KnownDnd(phone.Id) != dnd)
        {
            echoes.Expect(phone.Id, dnd);
            try
            {
                await CountedAsync("dnd", client.SetDndAsync(phone.Address, dnd, _stopping)).ConfigureAwait(false);
            }
            catch
            {
                // A phone that never took the push fires no echo; expecting one would swallow the user's next real
                // press of that mode as if it were the echo.
                echoes.Forget(phone.Id, dnd);
                throw;
            }

            sightings.SetDnd(phone.Id, dnd);
            Log.PushedDnd(logger, phone.Extension.Value, phone.Id, dnd);
        }

        if (job.ShowPage && snomOptions.Value.PublicBaseUrl is { Length: > 0 } baseUrl)
        {
            // The page the phone opens must carry its token like every other phone request.
            var access = PhoneContext.Access(phone.Mac, provisioned?.Token.Current);
            await CountedAsync("page", client.ShowAsync(phone.Address, $"{baseUrl.TrimEnd('/')}/snom/status?ext={phone.Extension.Value}{access}", _stopping)).ConfigureAwait(false);
        }
    }

    private async Task CountedAsync(string kind, Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
            metrics.Pushed(kind, sent: true);
        }
        catch (Exception) when (!_stopping.IsCancellationRequested)
        {
            metrics.Pushed(kind, sent: false);
            throw;
        }
    }

    private sealed record PushJob(KnownPhone Phone, bool ForceDnd, bool ShowPage);
}
