namespace SnomPresence.Presence;

/// <summary>
/// Background work that one instance at a time must do (PBX sync), among instances sharing a store. A lease is
/// held for a while and renewed; an instance that dies simply stops renewing, and another takes the work over.
/// </summary>
public interface IWorkLease
{
    /// <summary>Takes the lease, or renews it when this instance holds it; false while another instance holds it.</summary>
    Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up at once (shutdown), so another instance need not wait for it to run out.</summary>
    Task ReleaseAsync(string name, CancellationToken cancellationToken);
}
