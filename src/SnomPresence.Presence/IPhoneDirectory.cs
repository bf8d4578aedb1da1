namespace SnomPresence.Presence;

/// <summary>
/// A phone as last seen: where it is (IP from its boot announcement or its action URLs), which extension it
/// serves, and the DND mode it last reported or was told, so the service knows when its own DND must follow.
/// </summary>
/// <param name="Id">The MAC address when known, otherwise the IP address.</param>
/// <param name="Dnd">The phone's own DND mode, or null when unknown.</param>
public sealed record KnownPhone(string Id, Extension Extension, string? Mac, string Address, DateTimeOffset SeenAt, bool? Dnd);

/// <summary>Where the phones are. Stores keep it durable, so pushes still reach phones after a restart.</summary>
public interface IPhoneDirectory
{
    /// <summary>Records a sighting; keeps the known DND mode unless <paramref name="phone"/> carries one.</summary>
    Task RecordAsync(KnownPhone phone, CancellationToken cancellationToken);

    /// <summary>The phones serving <paramref name="extension"/>.</summary>
    Task<IReadOnlyList<KnownPhone>> FindAsync(Extension extension, CancellationToken cancellationToken);

    Task SetDndAsync(string id, bool dnd, CancellationToken cancellationToken);
}
