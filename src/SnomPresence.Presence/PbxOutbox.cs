namespace SnomPresence.Presence;

/// <summary>What of an extension's state still has to reach the PBX.</summary>
[Flags]
public enum PbxChanges
{
    None = 0,
    Status = 1,
    Forwarding = 2,
    Queue = 4,
}

/// <summary>
/// One extension waiting for delivery to the PBX. Rows coalesce: a newer change of the same extension raises
/// <see cref="Version"/> and adds its <see cref="Changes"/>, while <see cref="QueuedAt"/> keeps the oldest time.
/// The deliverer always sends the extension's current state, so an outage ends in the latest state.
/// </summary>
public sealed record PbxOutboxEntry(Extension Extension, long Version, PbxChanges Changes, DateTimeOffset QueuedAt, int Attempts);

/// <summary>Depth and age of the PBX outbox, for health and logs.</summary>
public sealed record PbxOutboxStats(int Depth, DateTimeOffset? OldestQueuedAt);

/// <summary>
/// The durable PBX outbox. Stores fill it in the same transaction as the change it belongs to, so an acknowledged
/// change can never be stored without being queued.
/// </summary>
public interface IPbxOutbox
{
    /// <summary>The oldest waiting entries first.</summary>
    Task<IReadOnlyList<PbxOutboxEntry>> PeekAsync(int max, CancellationToken cancellationToken);

    /// <summary>Removes the entry if nothing newer was queued meanwhile; otherwise the newer change stays queued.</summary>
    Task CompleteAsync(PbxOutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>Counts a failed delivery attempt.</summary>
    Task RecordFailureAsync(PbxOutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>The extensions with a change not yet delivered.</summary>
    Task<IReadOnlySet<Extension>> PendingAsync(CancellationToken cancellationToken);

    Task<PbxOutboxStats> GetStatsAsync(CancellationToken cancellationToken);
}
