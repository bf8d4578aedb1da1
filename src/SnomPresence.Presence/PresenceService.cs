namespace SnomPresence.Presence;

/// <summary>How a request to change presence ended.</summary>
public enum UpdateOutcome
{
    /// <summary>Stored; <see cref="PresenceUpdate.State"/> is the new state.</summary>
    Changed,

    /// <summary>The state already was what was asked for: nothing stored, version unchanged.</summary>
    Unchanged,

    /// <summary>The extension does not exist and the caller may not create it.</summary>
    NotFound,
}

/// <summary>The result of a change request; <see cref="State"/> is null only for <see cref="UpdateOutcome.NotFound"/>.</summary>
public sealed record PresenceUpdate(UpdateOutcome Outcome, PresenceState? State);

/// <summary>
/// The presence use cases. Every change is a read, a decision and a compare-and-set; a lost race is retried on
/// the fresh state, so concurrent phones, admins and the PBX never overwrite each other blindly.
/// </summary>
public sealed class PresenceService(IPresenceStore store, TimeProvider time, PresenceServiceOptions? options = null)
{
    private readonly bool _syncToPbx = options?.SyncToPbx ?? false;

    private const int MaxAttempts = 16;

    /// <summary>The origin recorded in history for changes read from the PBX.</summary>
    public const string PbxOrigin = "pbx";

    /// <summary>
    /// Sets a status. A repeated request for the current status and expiry changes nothing. An unknown extension is
    /// created first when <paramref name="by"/> may create it (a phone announcing its own extension).
    /// </summary>
    public Task<PresenceUpdate> SetStatusAsync(
        Extension extension, PresenceStatus status, DateTimeOffset? expiresAt, ChangeActor by, CancellationToken cancellationToken) =>
        UpdateAsync(
            extension,
            by,
            ChangeKind.Status,
            (current, now) => current.Status == status && current.ExpiresAt == expiresAt
                ? null
                : current with { Status = status, ExpiresAt = expiresAt, Since = now, Source = by.Source },
            cancellationToken);

    /// <summary>Replaces the forwarding settings with what <paramref name="change"/> makes of the current ones.</summary>
    public Task<PresenceUpdate> SetForwardingAsync(
        Extension extension,
        Func<ForwardingSettings, ForwardingSettings> change,
        ChangeActor by,
        CancellationToken cancellationToken) =>
        UpdateAsync(
            extension,
            by with { CreatesMissing = false },
            ChangeKind.Forwarding,
            (current, _) =>
            {
                var forwarding = change(current.Forwarding);
                return forwarding.Equals(current.Forwarding) ? null : current with { Forwarding = forwarding, Source = by.Source };
            },
            cancellationToken);

    /// <summary>
    /// Applies what the PBX reports, but only onto the exact state it was compared with: if anything changed in
    /// between (a phone press, an admin), the PBX's view is older and is not applied. One attempt, no retry; the
    /// next poll looks again. The PBX's name for the user replaces only a name from the PBX or the inventory.
    /// </summary>
    public Task<PresenceUpdate> ApplyFromPbxAsync(PresenceState seen, PbxReport report, CancellationToken cancellationToken)
    {
        var statusChanged = seen.Status != report.Status;
        var queue = report.QueueLoggedIn ?? seen.QueueLoggedIn;
        var name = ExtensionName.Merge(seen.Name, report.Name, NameSource.Pbx);
        var forwardingChanged = !report.Forwarding.Equals(seen.Forwarding);
        if (!statusChanged && !forwardingChanged && queue == seen.QueueLoggedIn && name == seen.Name)
        {
            return Task.FromResult(new PresenceUpdate(UpdateOutcome.Unchanged, seen));
        }

        var now = time.GetUtcNow();
        var next = seen with
        {
            Status = report.Status,
            ExpiresAt = statusChanged ? null : seen.ExpiresAt,
            Since = statusChanged ? now : seen.Since,
            Source = ChangeSource.Pbx,
            Forwarding = report.Forwarding,
            QueueLoggedIn = queue,
            Name = name,
        };
        var kind = statusChanged ? ChangeKind.Status
            : queue != seen.QueueLoggedIn ? ChangeKind.Queue
            : forwardingChanged ? ChangeKind.Forwarding
            : ChangeKind.Settings;
        return TrySaveOnceAsync(seen, next, kind, PbxOrigin, PbxChanges.None, cancellationToken);
    }

    /// <summary>
    /// Ends a short-term status that has run out: back to available, source <c>timer</c>. Only onto the state seen
    /// with the expiry, so a change made meanwhile (or another instance expiring it first) wins.
    /// </summary>
    public Task<PresenceUpdate> ExpireAsync(PresenceState seen, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (seen.ExpiresAt is not { } expires || expires > now)
        {
            return Task.FromResult(new PresenceUpdate(UpdateOutcome.Unchanged, seen));
        }

        var next = seen with { Status = PresenceStatus.Available, ExpiresAt = null, Since = now, Source = ChangeSource.Timer };
        return TrySaveOnceAsync(seen, next, ChangeKind.Status, origin: null, ForPbx(ChangeKind.Status, ChangeSource.Timer), cancellationToken);
    }

    /// <summary>Logs the extension in to or out of its call queues.</summary>
    public Task<PresenceUpdate> SetQueueAsync(Extension extension, bool loggedIn, ChangeActor by, CancellationToken cancellationToken) =>
        UpdateAsync(
            extension,
            by with { CreatesMissing = false },
            ChangeKind.Queue,
            (current, _) => current.QueueLoggedIn == loggedIn ? null : current with { QueueLoggedIn = loggedIn, Source = by.Source },
            cancellationToken);

    /// <summary>The language the extension's phone screens use, or null for the office default.</summary>
    public Task<PresenceUpdate> SetLanguageAsync(Extension extension, Language? language, ChangeActor by, CancellationToken cancellationToken) =>
        UpdateAsync(
            extension,
            by with { CreatesMissing = false },
            ChangeKind.Settings,
            (current, _) => current.Language == language ? null : current with { Language = language, Source = by.Source },
            cancellationToken);

    /// <summary>
    /// Names the extension: <paramref name="name"/> (null: none) as <paramref name="name"/>'s source offers it. A
    /// source never replaces the name of a stronger one (admin over PBX over inventory); see <see cref="ExtensionName.Merge"/>.
    /// </summary>
    public Task<PresenceUpdate> SetNameAsync(
        Extension extension, ExtensionName? name, NameSource nameSource, ChangeActor by, CancellationToken cancellationToken) =>
        UpdateAsync(
            extension,
            by with { CreatesMissing = false },
            ChangeKind.Settings,
            (current, _) => ExtensionName.Merge(current.Name, name, nameSource) is var merged && merged == current.Name ? null : current with { Name = merged, Source = by.Source },
            cancellationToken);

    /// <summary>Creates the extension (available, default forwarding) unless it exists.</summary>
    public async Task<PresenceUpdate> EnsureExtensionAsync(Extension extension, ChangeActor by, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(extension, cancellationToken).ConfigureAwait(false);
            if (current is not null)
            {
                return new PresenceUpdate(UpdateOutcome.Unchanged, current);
            }

            var created = await TryCreateAsync(extension, by, cancellationToken).ConfigureAwait(false);
            if (created is not null)
            {
                return new PresenceUpdate(UpdateOutcome.Changed, created);
            }
        }

        throw new PresenceConflictException(extension);
    }

    private async Task<PresenceUpdate> UpdateAsync(
        Extension extension,
        ChangeActor by,
        ChangeKind kind,
        Func<PresenceState, DateTimeOffset, PresenceState?> decide,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(extension, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                if (!by.CreatesMissing)
                {
                    return new PresenceUpdate(UpdateOutcome.NotFound, null);
                }

                // Lost creation races end here too: the next round reads the winner's state.
                await TryCreateAsync(extension, by, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var now = time.GetUtcNow();
            var next = decide(current, now);
            if (next is null)
            {
                return new PresenceUpdate(UpdateOutcome.Unchanged, current);
            }

            next = next with { Version = current.Version + 1 };
            var entry = new PresenceHistoryEntry(extension, next.Version, now, kind, next.Status, next.ExpiresAt, by.Source, by.Origin);
            if (await store.TrySaveAsync(current, next, entry, ForPbx(kind, by.Source), cancellationToken).ConfigureAwait(false))
            {
                return new PresenceUpdate(UpdateOutcome.Changed, next);
            }
        }

        throw new PresenceConflictException(extension);
    }

    private async Task<PresenceUpdate> TrySaveOnceAsync(
        PresenceState seen, PresenceState next, ChangeKind kind, string? origin, PbxChanges forPbx, CancellationToken cancellationToken)
    {
        next = next with { Version = seen.Version + 1 };
        var entry = new PresenceHistoryEntry(seen.Extension, next.Version, time.GetUtcNow(), kind, next.Status, next.ExpiresAt, next.Source, origin);
        return await store.TrySaveAsync(seen, next, entry, forPbx, cancellationToken).ConfigureAwait(false)
            ? new PresenceUpdate(UpdateOutcome.Changed, next)
            : new PresenceUpdate(UpdateOutcome.Unchanged, seen);
    }

    private async Task<PresenceState?> TryCreateAsync(Extension extension, ChangeActor by, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var created = PresenceState.Create(extension, by.Source, now);
        var entry = new PresenceHistoryEntry(extension, created.Version, now, ChangeKind.Created, created.Status, null, by.Source, by.Origin);
        return await store.TrySaveAsync(null, created, entry, PbxChanges.None, cancellationToken).ConfigureAwait(false) ? created : null;
    }

    /// <summary>Changes the PBX made are already there; everything else is queued for it when PBX sync is on.</summary>
    private PbxChanges ForPbx(ChangeKind kind, ChangeSource source) =>
        !_syncToPbx || source == ChangeSource.Pbx || kind == ChangeKind.Settings ? PbxChanges.None
        : kind switch
        {
            ChangeKind.Forwarding => PbxChanges.Forwarding,
            ChangeKind.Queue => PbxChanges.Queue,
            _ => PbxChanges.Status,
        };
}

/// <summary>
/// Who changes presence and from where: the source history and 3CX sync tell apart, and the origin history records
/// (a phone's MAC, <c>api</c>, <c>pbx</c>). <paramref name="CreatesMissing"/>: an unknown extension is created
/// first rather than refused, as for a phone announcing its own extension.
/// </summary>
public sealed record ChangeActor(ChangeSource Source, string? Origin, bool CreatesMissing = false)
{
    /// <summary>A phone, by its MAC when it sent one; it creates its own extension.</summary>
    public static ChangeActor Phone(string? mac) => new(ChangeSource.Phone, mac, CreatesMissing: true);

    /// <summary>An admin, through the API (<c>api</c>) or another admin tool named by <paramref name="origin"/>.</summary>
    public static ChangeActor Admin(string origin = "api") => new(ChangeSource.Admin, origin);

    /// <summary>What was read from the PBX.</summary>
    public static ChangeActor Pbx { get; } = new(ChangeSource.Pbx, PresenceService.PbxOrigin);
}

/// <summary>What the PBX reports for one extension: its status, forwarding, queue log-in (null: not reported) and name.</summary>
public sealed record PbxReport(PresenceStatus Status, ForwardingSettings Forwarding, bool? QueueLoggedIn, ExtensionName? Name);

/// <summary>Switches of the presence use cases.</summary>
public sealed class PresenceServiceOptions
{
    /// <summary>Queue every change not made by the PBX for delivery to it.</summary>
    public bool SyncToPbx { get; init; }
}

/// <summary>Thrown when an extension changed under us on every one of many attempts; a sign of a runaway writer.</summary>
public sealed class PresenceConflictException(Extension extension)
    : Exception($"Extension {extension} kept changing concurrently; the change was not stored.")
{
    public Extension Extension { get; } = extension;
}
