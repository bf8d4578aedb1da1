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
public sealed class PresenceService(IPresenceStore store, TimeProvider time)
{
    private const int MaxAttempts = 16;

    /// <summary>Sets a status. A repeated request for the current status and expiry changes nothing.</summary>
    /// <param name="createIfMissing">True for phones announcing their own extension; false for admins.</param>
    public Task<PresenceUpdate> SetStatusAsync(
        Extension extension,
        PresenceStatus status,
        ChangeSource source,
        DateTimeOffset? expiresAt,
        string? origin,
        bool createIfMissing,
        CancellationToken cancellationToken) =>
        UpdateAsync(
            extension,
            createIfMissing,
            source,
            origin,
            ChangeKind.Status,
            (current, now) => current.Status == status && current.ExpiresAt == expiresAt
                ? null
                : current with { Status = status, ExpiresAt = expiresAt, Since = now, Source = source },
            cancellationToken);

    /// <summary>Replaces the forwarding settings with what <paramref name="change"/> makes of the current ones.</summary>
    public Task<PresenceUpdate> SetForwardingAsync(
        Extension extension,
        Func<ForwardingSettings, ForwardingSettings> change,
        ChangeSource source,
        string? origin,
        CancellationToken cancellationToken) =>
        UpdateAsync(
            extension,
            createIfMissing: false,
            source,
            origin,
            ChangeKind.Forwarding,
            (current, _) =>
            {
                var forwarding = change(current.Forwarding);
                return forwarding.Equals(current.Forwarding) ? null : current with { Forwarding = forwarding, Source = source };
            },
            cancellationToken);

    /// <summary>Creates the extension (available, default forwarding) unless it exists.</summary>
    public async Task<PresenceUpdate> EnsureExtensionAsync(Extension extension, ChangeSource source, string? origin, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(extension, cancellationToken).ConfigureAwait(false);
            if (current is not null)
            {
                return new PresenceUpdate(UpdateOutcome.Unchanged, current);
            }

            var created = await TryCreateAsync(extension, source, origin, cancellationToken).ConfigureAwait(false);
            if (created is not null)
            {
                return new PresenceUpdate(UpdateOutcome.Changed, created);
            }
        }

        throw new PresenceConflictException(extension);
    }

    private async Task<PresenceUpdate> UpdateAsync(
        Extension extension,
        bool createIfMissing,
        ChangeSource source,
        string? origin,
        ChangeKind kind,
        Func<PresenceState, DateTimeOffset, PresenceState?> decide,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(extension, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                if (!createIfMissing)
                {
                    return new PresenceUpdate(UpdateOutcome.NotFound, null);
                }

                // Lost creation races end here too: the next round reads the winner's state.
                await TryCreateAsync(extension, source, origin, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var now = time.GetUtcNow();
            var next = decide(current, now);
            if (next is null)
            {
                return new PresenceUpdate(UpdateOutcome.Unchanged, current);
            }

            next = next with { Version = current.Version + 1 };
            var entry = new PresenceHistoryEntry(extension, next.Version, now, kind, next.Status, next.ExpiresAt, source, origin);
            if (await store.TrySaveAsync(current, next, entry, cancellationToken).ConfigureAwait(false))
            {
                return new PresenceUpdate(UpdateOutcome.Changed, next);
            }
        }

        throw new PresenceConflictException(extension);
    }

    private async Task<PresenceState?> TryCreateAsync(Extension extension, ChangeSource source, string? origin, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var created = PresenceState.Create(extension, source, now);
        var entry = new PresenceHistoryEntry(extension, created.Version, now, ChangeKind.Created, created.Status, null, source, origin);
        return await store.TrySaveAsync(null, created, entry, cancellationToken).ConfigureAwait(false) ? created : null;
    }
}

/// <summary>Thrown when an extension changed under us on every one of many attempts; a sign of a runaway writer.</summary>
public sealed class PresenceConflictException(Extension extension)
    : Exception($"Extension {extension} kept changing concurrently; the change was not stored.")
{
    public Extension Extension { get; } = extension;
}
