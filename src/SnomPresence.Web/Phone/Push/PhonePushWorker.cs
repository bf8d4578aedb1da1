using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// Keeps the phones in step with presence changed elsewhere: when the status of an extension changes, each of its
/// phones whose own DND mode no longer matches is told to switch (<c>dnd_mode</c>), and, unless the change came
/// from a phone, shown the fresh status screen. Calls to one phone run one after another; while one runs, at most
/// one more waits, merged from everything asked meanwhile, since each push sends the state as it is when sent. A
/// slow or unreachable phone so holds one job, delays nobody, least of all the change itself.
/// </summary>
internal sealed class PhonePushWorker(
    IPresenceChangeFeed feed,
    IPhoneDirectory phones,
    IPhoneInventory inventory,
    IPresenceStore store,
    PhoneSightings sightings,
    SnomPhoneClient client,
    PhoneWebLogins logins,
    PhoneEchoGuard echoes,
    PhoneMetrics metrics,
    IOptions<PhonesOptions> pushOptions,
    IOptions<SnomOptions> snomOptions,
    ILogger<PhonePushWorker> logger) : BackgroundService
{
    private readonly PresenceSubscription _changes = feed.Subscribe();
    // Per phone: the job waiting behind the one being sent (null while none waits). A phone is in here while it runs.
    private readonly Dictionary<string, PushJob?> _pending = [];
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var changes = _changes;
        _stopping = stoppingToken;
        if (!pushOptions.Value.Push.Enabled)
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
        if (!pushOptions.Value.Push.Enabled)
        {
            return;
        }

        lock (_pending)
        {
            if (_pending.TryGetValue(job.Phone.Id, out var waiting))
            {
                _pending[job.Phone.Id] = waiting is null ? job : waiting.Merge(job);
                return;
            }

            _pending[job.Phone.Id] = null;
        }

        _ = Task.Run(() => RunAsync(job), CancellationToken.None);
    }

    /// <summary>
    /// Sends one phone's job, then whatever was merged behind it meanwhile, and ends with the last: a hundred
    /// thousand phones cost nothing while nothing is being pushed.
    /// </summary>
    private async Task RunAsync(PushJob job)
    {
        var phoneId = job.Phone.Id;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await SendAsync(job).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // The next change tries this phone again.
                Log.PushFailed(logger, job.Phone.Extension.Value, phoneId, ex is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status}" : ex.GetType().Name);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down.
                return;
            }

            lock (_pending)
            {
                if (_pending[phoneId] is not { } next)
                {
                    _pending.Remove(phoneId);
                    return;
                }

                _pending[phoneId] = null;
                job = next;
            }
        }
    }

    /// <summary>How many phones have a push running or waiting.</summary>
    internal int Busy
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
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
        if (PhoneSightings.PushAddress(phone.Address) is not { } address)
        {
            return;
        }

        var provisioned = MacAddress.TryParse(phone.Mac, out var mac) ? await inventory.GetAsync(mac, _stopping).ConfigureAwait(false) : null;
        var login = logins.For(provisioned);
        // Decided now, not when queued: earlier jobs on this queue (or a key press) may have changed what the phone has.
        if (job.ForceDnd || sightings.KnownDnd(phone.Id) != dnd)
        {
            echoes.Expect(phone.Id, dnd);
            try
            {
                await CountedAsync("dnd", client.SetDndAsync(address, login, dnd, _stopping)).ConfigureAwait(false);
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
            await CountedAsync("page", client.ShowAsync(address, login, $"{baseUrl.TrimEnd('/')}/snom/status?ext={phone.Extension.Value}{access}", _stopping)).ConfigureAwait(false);
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

    /// <summary>What a phone is to be told; the phone as last seen, so a phone that moved is reached at its new address.</summary>
    private sealed record PushJob(KnownPhone Phone, bool ForceDnd, bool ShowPage)
    {
        public PushJob Merge(PushJob later) => new(later.Phone, ForceDnd || later.ForceDnd, ShowPage || later.ShowPage);
    }
}
