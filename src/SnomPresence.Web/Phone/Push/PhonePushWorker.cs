using System.Threading.Channels;
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
    IPresenceStore store,
    IPhoneDirectory phones,
    IPhoneInventory inventory,
    PhoneSightings sightings,
    SnomPhoneClient client,
    PhoneWebCredentials credentials,
    PhoneEchoGuard echoes,
    IOptions<PhonesOptions> pushOptions,
    IOptions<SnomOptions> snomOptions,
    ILogger<PhonePushWorker> logger) : BackgroundService
{
    private readonly PresenceSubscription _changes = feed.Subscribe();
    private readonly Dictionary<string, Channel<PushJob>> _queues = [];
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
                // The instance that stored a change pushes it; the others only hear of it.
                if (change.FromOtherInstance || (change.Previous is { } previous && previous.Status == change.Current.Status))
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
            Enqueue(new PushJob(phone, state, ForceDnd: false, showPage));
        }
    }

    /// <summary>A phone that just booted gets the current DND mode whatever it reports, and the status screen.</summary>
    public void PushAfterBoot(KnownPhone phone, PresenceState state) => Enqueue(new PushJob(phone, state, ForceDnd: true, ShowPage: true));

    private void Enqueue(PushJob job)
    {
        if (!pushOptions.Value.Push)
        {
            return;
        }

        Channel<PushJob>? queue;
        lock (_queues)
        {
            if (!_queues.TryGetValue(job.Phone.Id, out queue))
            {
                queue = Channel.CreateUnbounded<PushJob>(new UnboundedChannelOptions { SingleReader = true });
                _queues[job.Phone.Id] = queue;
                var jobs = queue.Reader;
                _ = Task.Run(() => RunQueueAsync(jobs), CancellationToken.None);
            }
        }

        queue.Writer.TryWrite(job);
    }

    private async Task RunQueueAsync(ChannelReader<PushJob> jobs)
    {
        try
        {
            await foreach (var job in jobs.ReadAllAsync(_stopping).ConfigureAwait(false))
            {
                // The address comes with each job: a phone that moved is reached at its new one.
                var phone = job.Phone;
                try
                {
                    await SendAsync(job).ConfigureAwait(false);
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested)
                {
                    // The queue lives on: the next change tries this phone again.
                    Log.PushFailed(logger, phone.Extension.Value, phone.Id, ex is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status}" : ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task SendAsync(PushJob job)
    {
        var phone = job.Phone;
        // The extension's state now, not the queued change's: a phone whose user pressed DND again meanwhile must
        // not be pushed the superseded mode, nor have that press taken for the echo of it.
        var dnd = (await store.GetAsync(job.State.Extension, _stopping).ConfigureAwait(false) ?? job.State).IsDnd;
        var provisioned = MacAddress.TryParse(phone.Mac, out var mac) ? await inventory.GetAsync(mac, _stopping).ConfigureAwait(false) : null;
        credentials.Use(phone.Address, provisioned?.WebLogin);
        // Decided now, not when queued: earlier jobs on this queue (or a key press) may have changed what the phone has.
        if (job.ForceDnd || sightings.KnownDnd(phone.Id) != dnd)
        {
            echoes.Expect(phone.Id, dnd);
            await client.SetDndAsync(phone.Address, dnd, _stopping).ConfigureAwait(false);
            sightings.SetDnd(phone.Id, dnd);
            Log.PushedDnd(logger, phone.Extension.Value, phone.Id, dnd);
        }

        if (job.ShowPage && snomOptions.Value.PublicBaseUrl is { Length: > 0 } baseUrl)
        {
            // The page the phone opens must carry its token like every other phone request.
            var access = PhoneContext.Access(phone.Mac, provisioned?.Token.Current);
            await client.ShowAsync(phone.Address, $"{baseUrl.TrimEnd('/')}/snom/status?ext={phone.Extension.Value}{access}", _stopping).ConfigureAwait(false);
        }
    }

    private sealed record PushJob(KnownPhone Phone, PresenceState State, bool ForceDnd, bool ShowPage);
}
