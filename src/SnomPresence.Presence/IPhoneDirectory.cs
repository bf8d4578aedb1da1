namespace SnomPresence.Presence;

/// <summary>A phone as last seen: where it is (IP from its boot announcement or its action URLs) and which extension it serves.</summary>
/// <param name="Id">The MAC address when known, otherwise the IP address.</param>
public sealed record KnownPhone(string Id, Extension Extension, string? Mac, string Address, DateTimeOffset SeenAt);

/// <summary>Where the phones are. Stores keep it durable, so pushes still reach phones after a restart.</summary>
public interface IPhoneDirectory
{
    /// <summary>Records a sighting: the phone's extension and address, and its MAC when the sighting has one.</summary>
    Task RecordAsync(KnownPhone phone, CancellationToken cancellationToken);

    /// <summary>The phones serving <paramref name="extension"/>.</summary>
    Task<IReadOnlyList<KnownPhone>> FindAsync(Extension extension, CancellationToken cancellationToken);
}
