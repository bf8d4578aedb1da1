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
/// nothing flips back and forth. 3CX's system settings and its groups (departments) are read at start and every
/// <c>SettingsInterval</c> along the way.
/// </summary>
internal sealed class PbxPollWorker(
    ThreeCxClient client,
    IPresenceStore store,
    IPbxOutbox outbox,
    IColleagueStore colleagues,
    PresenceService presence,
    ThreeCxSettings settings,
    ProfileMap profiles,
    PbxSyncState state,
    PbxLeadership leadership,
    IOptions<PbxOptions> options,
    TimeProvider time,
    ILogger<PbxPollWorker> logger) : BackgroundService
{
    /// <summary>The prefix of the ids 3CX's groups get here: <c>3cx-</c> and 3CX's group id.</summary>
    public const string GroupIdPrefix = "3cx-";

    private DateTimeOffset? _groupsDue;

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

        await SyncGroupsIfDueAsync(cancellationToken).ConfigureAwait(false);
        state.Polled(time.GetUtcNow());
    }

    /// <summary>
    /// Makes the stored 3CX groups what 3CX has: each group with its members that are extensions here, under the id
    /// <c>3cx-</c> and 3CX's id; groups gone from 3CX are removed. Groups admins defined are left alone. When 3CX
    /// refuses the groups (the API client's role may not read them), the users still sync and the groups stay as
    /// they were.
    /// </summary>
    private async Task SyncGroupsIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_groupsDue is { } due && now < due)
        {
            return;
        }

        _groupsDue = now + options.Value.ThreeCX.SettingsInterval;
        IReadOnlyList<(ThreeCxGroup Group, IReadOnlyList<ThreeCxGroupMember> Members)> fromPbx;
        try
        {
            fromPbx = await client.ListGroupsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ThreeCxRefusedException ex)
        {
            Log.GroupsRefused(logger, ex.Message);
            return;
        }

        var stored = (await colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false)).Where(g => g.Source == GroupSource.Pbx).ToDictionary(g => g.Id);
        var kept = new HashSet<GroupId>();
        foreach (var (group, members) in fromPbx)
        {
            var id = GroupId.Parse(GroupIdPrefix + group.Id.ToString(System.Globalization.CultureInfo.InvariantCulture).Replace('-', '_'));
            var extensions = new List<Extension>();
            foreach (var member in members)
            {
                if (Extension.TryParse(member.Number, out var extension) && !extensions.Contains(extension)
                    && await store.GetAsync(extension, cancellationToken).ConfigureAwait(false) is not null)
                {
                    extensions.Add(extension);
                }
            }

            var name = ExtensionName.FromPbx(group.Name, null, null)?.Text ?? id.Value;
            var synced = new ColleagueGroup(id, name, extensions, GroupSource.Pbx);
            kept.Add(id);
            if (!synced.Equals(stored.GetValueOrDefault(id)))
            {
                await colleagues.SaveGroupAsync(synced, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var gone in stored.Keys.Where(id => !kept.Contains(id)))
        {
            await colleagues.DeleteGroupAsync(gone, cancellationToken).ConfigureAwait(false);
        }
    }
}
