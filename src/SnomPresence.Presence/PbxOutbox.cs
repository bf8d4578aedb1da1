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
/// <see cref="Version"/> and adds its <see cref="Changes"/> and forwarding <see cref="Slots"/>, while
/// <see cref="QueuedAt"/> keeps the oldest time. The deliverer always sends the extension's current state, so an
/// outage ends in the latest state, and of the forwarding only the slots changes touched.
/// </summary>
/// <param name="Parked">Set while the PBX refuses this extension's change: it waits, apart, for a retry.</param>
public sealed record PbxOutboxEntry(
    Extension Extension,
    long Version,
    PbxChanges Changes,
    DateTimeOffset QueuedAt,
    int Attempts,
    ForwardingSlotSet Slots = default,
    PbxParking? Parked = null);

/// <summary>Why and since when the PBX's refusal holds an entry back.</summary>
public sealed record PbxParking(string Reason, DateTimeOffset At);

/// <summary>Depth and age of the PBX outbox (waiting entries), and how many entries are parked, for health and logs.</summary>
public sealed record PbxOutboxStats(int Depth, DateTimeOffset? OldestQueuedAt, int Parked = 0);

/// <summary>
/// The durable PBX outbox. Stores fill it in the same transaction as the change it belongs to, so an acknowledged
/// change can never be stored without being queued. An entry the PBX refuses for its own reasons is parked: kept,
/// shown, and sent again when someone asks, while the others flow on. A newer change of a parked extension gives it
/// a fresh try.
/// </summary>
public interface IPbxOutbox
{
    /// <summary>The oldest waiting entries first; parked entries are not among them.</summary>
    Task<IReadOnlyList<PbxOutboxEntry>> PeekAsync(int max, CancellationToken cancellationToken);

    /// <summary>Removes the entry if nothing newer was queued meanwhile; otherwise the newer change stays queued.</summary>
    Task CompleteAsync(PbxOutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>Counts a failed delivery attempt.</summary>
    Task RecordFailureAsync(PbxOutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>Parks the entry with <paramref name="reason"/>, unless a newer change was queued meanwhile; true when parked.</summary>
    Task<bool> ParkAsync(PbxOutboxEntry entry, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The parked entries, oldest first.</summary>
    Task<IReadOnlyList<PbxOutboxEntry>> ListParkedAsync(CancellationToken cancellationToken);

    /// <summary>Puts parked entries back in line: the one of <paramref name="extension"/>, or all of them; answers how many.</summary>
    Task<int> RetryParkedAsync(Extension? extension, CancellationToken cancellationToken);

    /// <summary>The extensions with a change not yet delivered, parked ones included.</summary>
    Task<IReadOnlySet<Extension>> PendingAsync(CancellationToken cancellationToken);

    Task<PbxOutboxStats> GetStatsAsync(CancellationToken cancellationToken);
}
