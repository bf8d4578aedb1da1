using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// Keeps the phones in step with presence, however it changed (key, the phone's menu, another phone, an admin, 3CX,
/// a timer): each phone of the extension whose own DND mode no longer matches is told to switch (<c>dnd_mode</c>:
/// on for Nicht stören, off for every other status), and the LED of its Status key is set by a page that closes
/// itself at once (<c>/snom/led</c>). Models without HTTP remote control (D8xx) are not pushed to; their status
/// screen refreshes by itself. A model whose LED numbering is not documented gets no page. Calls to one phone run one
/// after another; while one runs, at most one more waits, merged from everything asked meanwhile, since each push
/// sends the state as it is when sent. A slow or unreachable phone so holds one job, delays nobody, least of all
/// the change itself.
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
    SnomPresence.Provisioning.PhoneTemplates templates,
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
                    await PushAsync(change.Current, stoppingToken).ConfigureAwait(false);
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
    public async Task PushAsync(PresenceState state, CancellationToken cancellationToken)
    {
        foreach (var phone in await phones.FindAsync(state.Extension, cancellationToken).ConfigureAwait(false))
        {
            Enqueue(new PushJob(phone, Boot: false));
        }
    }

    /// <summary>A phone that just booted gets the current DND mode and Status key LED, whatever it reports.</summary>
    public void PushAfterBoot(KnownPhone phone) => Enqueue(new PushJob(phone, Boot: true));

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
                // The next push to this phone (a job merged behind this one, or the next change) sends its mode and
                // LED again, whatever the failed one may have left.
                sightings.Forget(phoneId);
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
        if (await store.GetAsync(phone.Extension, _stopping).ConfigureAwait(false) is not { } state
            || PhoneSightings.PushAddress(phone.Address) is not { } address)
        {
            return;
        }

        var dnd = state.IsDnd;
        var provisioned = MacAddress.TryParse(phone.Mac, out var mac) ? await inventory.GetAsync(mac, _stopping).ConfigureAwait(false) : null;
        var device = PhoneDevice.Of(provisioned, userAgent: null, templates);
        if (device.Model is { RemoteControl: false })
        {
            return;
        }

        var login = logins.For(provisioned);
        // Decided now, not when queued: earlier jobs (or a key press) may have changed what the phone has.
        if (job.Boot || sightings.KnownDnd(phone.Id) != dnd)
        {
            var echo = echoes.Expect(phone.Id, dnd);
            try
            {
                await CountedAsync("dnd", client.SetDndAsync(address, login, dnd, _stopping)).ConfigureAwait(false);
            }
            catch
            {
                echoes.Forget(echo);
                throw;
            }

            echoes.Landed(echo);
            sightings.SetDnd(phone.Id, dnd);
            Log.PushedDnd(logger, phone.Extension.Value, phone.Id, dnd);
        }

        if (device.StatusKeyLed is not null && (job.Boot || sightings.KnownLed(phone.Id) != dnd) && snomOptions.Value.PublicBaseUrl is { Length: > 0 } baseUrl)
        {
            // The page carries the phone's token like every phone request, lights or clears the LED and closes itself.
            var access = PhoneContext.Access(phone.Mac, provisioned?.Token.Current);
            await CountedAsync("page", client.ShowAsync(address, login, $"{baseUrl.TrimEnd('/')}/snom/led?ext={phone.Extension.Value}{access}", _stopping)).ConfigureAwait(false);
            sightings.SetLed(phone.Id, dnd);
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
    private sealed record PushJob(KnownPhone Phone, bool Boot)
    {
        public PushJob Merge(PushJob later) => new(later.Phone, Boot || later.Boot);
    }
}
