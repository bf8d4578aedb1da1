using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnomPresence.Pbx.ThreeCx;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.Sync;

/// <summary>
/// Picks up changes made in 3CX (app, web client, dial codes, the 3CX admin): every poll interval it reads all users
/// in pages and applies differences in status, forwarding, queue log-in and name with source <c>pbx</c>. A local
/// change not yet delivered (or parked), or delivered after the poll started, wins over what the poll saw, so
/// nothing flips back and forth. 3CX's system settings are read at start and every few minutes along the way.
/// </summary>
internal sealed class PbxPollWorker(
    ThreeCxClient client,
    IPresenceStore store,
    IPbxOutbox outbox,
    PresenceService presence,
    ThreeCxSettings settings,
    ProfileMap profiles,
    PbxSyncState state,
    PbxLeadership leadership,
    IOptions<PbxOptions> options,
    TimeProvider time,
    ILogger<PbxPollWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != PbxProvider.ThreeCX)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ThreeCX.PollInterval, time);
        try
        {
            do
            {
                try
                {
                    // One instance polls; the others hear of what it applies through the store.
                    await leadership.WaitUntilLeaderAsync(stoppingToken).ConfigureAwait(false);
                    await PollOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    state.Failed(ex);
                    // A failed poll (3CX down, the store busy) must not stop the worker; the next tick tries again.
                    Log.PollFailed(logger, PbxSyncState.Describe(ex));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    internal async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        await settings.RefreshIfDueAsync(cancellationToken).ConfigureAwait(false);

        var list = await client.ListUsersAsync(cancellationToken).ConfigureAwait(false);
        if (list.NextLinksRefused > 0)
        {
            Log.NextLinkRefused(logger, list.NextLinksRefused);
        }

        var seen = new List<(ThreeCxUser User, PresenceState Current)>(list.Users.Count);
        foreach (var user in list.Users)
        {
            // Hot-desking and system numbers are not digits-only and are not extensions we serve.
            if (!Extension.TryParse(user.Number, out var extension))
            {
                continue;
            }

            client.RememberUserId(extension, user.Id);
            if (!profiles.TryGetStatus(user.CurrentProfileName, null, out _))
            {
                Log.UnknownProfile(logger, extension.Value, user.CurrentProfileName);
                continue;
            }

            var current = await store.GetAsync(extension, cancellationToken).ConfigureAwait(false)
                ?? (await presence.EnsureExtensionAsync(extension, ChangeActor.Pbx, cancellationToken).ConfigureAwait(false)).State!;
            seen.Add((user, current));
        }

        // Read after the states: a local change stored before its state was read has its outbox entry by now (same
        // transaction), or was delivered since the poll started; one stored after fails the compare-and-set below.
        var pending = await outbox.PendingAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (user, current) in seen)
        {
            if (pending.Contains(current.Extension) || state.DeliveredSince(current.Extension, started))
            {
                continue;
            }

            profiles.TryGetStatus(user.CurrentProfileName, current.Status, out var status);
            var forwarding = user.ForwardingProfiles is { } fromPbx ? ThreeCxForwarding.Merge(current.Forwarding, fromPbx, profiles) : current.Forwarding;
            var name = ExtensionName.FromPbx(user.DisplayName, user.FirstName, user.LastName);
            await presence.ApplyFromPbxAsync(current, new PbxReport(status, forwarding, user.QueueLoggedIn, name), cancellationToken).ConfigureAwait(false);
        }

        state.Polled(time.GetUtcNow());
    }
}
