using System.Collections.Concurrent;
using System.Net;
using SnomPresence.Presence;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// Notes where a phone is whenever it calls, and which DND mode it has. Where it is means the address its request
/// came from (after <c>Network:KnownProxies</c>): pushes carry the phone's web login, so they go nowhere a request
/// merely names. <c>ip</c> (<c>$phone_ip</c>) is only checked against it. The address is written to the directory
/// only when it is new or moved, so a DND press costs no second write. The DND mode lives in memory: after a
/// restart it is unknown, and the next change simply tells the phone again.
/// </summary>
internal sealed class PhoneSightings(IPhoneDirectory directory, TimeProvider time, ILogger<PhoneSightings> logger)
{
    // One entry per phone for everything noted about it: with 100,000 phones, every further dictionary costs
    // megabytes (docs/benchmarks.md).
    private readonly ConcurrentDictionary<string, Sighting> _phones = new();

    /// <summary>Records the phone and answers it, or null when the request has no source address.</summary>
    /// <param name="dnd">The DND mode the phone just reported, if it did.</param>
    public async Task<KnownPhone?> RecordAsync(PhoneRequest request, HttpContext context, bool? dnd, CancellationToken cancellationToken)
    {
        if (RequestFamilies.ClientAddress(context) is not { } source)
        {
            return null;
        }

        var address = source.ToString();
        string? announced = context.Request.Query["ip"];
        if (!string.IsNullOrEmpty(announced) && !Announces(announced, source))
        {
            Log.PhoneAddressIgnored(logger, request.Extension.Value, request.Mac ?? address, DisplayText.Shorten(announced, 45), address);
        }

        var (mac, extension) = Shared(request, context);
        var phone = new KnownPhone(mac ?? address, extension, mac, address, time.GetUtcNow());
        var sighting = _phones.GetOrAdd(phone.Id, static _ => new Sighting());
        if (!sighting.IsAt(phone.Extension, address))
        {
            await directory.RecordAsync(phone, cancellationToken).ConfigureAwait(false);
            sighting.Recorded(phone.Extension, address);
        }

        if (dnd is { } mode)
        {
            sighting.Dnd = mode;
        }

        return phone;
    }

    /// <summary>
    /// The request's MAC and extension as the strings the phone's inventory entry holds, when its token let it in (the
    /// token handler found that entry by the request's MAC): kept here for every phone, a second copy of each would
    /// cost megabytes with 100,000 phones (docs/benchmarks.md).
    /// </summary>
    private static (string? Mac, Extension Extension) Shared(PhoneRequest request, HttpContext context)
    {
        if (context.User.Identity is not PhoneIdentity { Phone: { } entry })
        {
            return (request.Mac, request.Extension);
        }

        foreach (var extension in entry.Extensions)
        {
            if (extension == request.Extension)
            {
                return (entry.Mac.Value, extension);
            }
        }

        return (entry.Mac.Value, request.Extension);
    }

    /// <summary>The phone's DND mode as last reported or pushed, or null when unknown.</summary>
    public bool? KnownDnd(string phoneId) => _phones.TryGetValue(phoneId, out var sighting) ? sighting.Dnd : null;

    public void SetDnd(string phoneId, bool dnd) => _phones.GetOrAdd(phoneId, static _ => new Sighting()).Dnd = dnd;

    /// <summary>Whether the phone's Status key LED was last pushed lit, or null when unknown (it lights while DND is on).</summary>
    public bool? KnownLed(string phoneId) => _phones.TryGetValue(phoneId, out var sighting) ? sighting.Led : null;

    public void SetLed(string phoneId, bool lit) => _phones.GetOrAdd(phoneId, static _ => new Sighting()).Led = lit;

    /// <summary>
    /// A push whose outcome is unknown (failed, timed out, cut off) may or may not have switched the phone: its DND
    /// mode and LED count as unknown, so the next push sends both whatever the phone had before.
    /// </summary>
    public void Forget(string phoneId)
    {
        if (_phones.TryGetValue(phoneId, out var sighting))
        {
            sighting.Dnd = null;
            sighting.Led = null;
        }
    }

    /// <summary>
    /// Whether <paramref name="announced"/> (an address, with or without a port) is <paramref name="source"/>, compared
    /// as parsed addresses: <c>2130706433</c> is 127.0.0.1 and <c>::ffff:10.0.0.5</c> is 10.0.0.5.
    /// </summary>
    internal static bool Announces(string announced, IPAddress source)
    {
        // IPAddress.TryParse would accept "[::1]:80" and drop the port, so the endpoint form goes first.
        var parsed = IPEndPoint.TryParse(announced, out var endpoint) ? endpoint.Address
            : IPAddress.TryParse(announced, out var ip) ? ip
            : null;
        return parsed is not null && Normalized(parsed).Equals(Normalized(source));
    }

    /// <summary>A stored address, as pushes reach it; null for anything that is not one (an older store may hold a port too).</summary>
    internal static IPAddress? PushAddress(string stored) =>
        IPEndPoint.TryParse(stored, out var endpoint) ? Normalized(endpoint.Address)
        : IPAddress.TryParse(stored, out var ip) ? Normalized(ip)
        : null;

    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// Where a phone was last recorded in the directory and what it has, as far as known. A read that meets the
    /// extension and the address half updated only records the phone once more.
    /// </summary>
    private sealed class Sighting
    {
        private const byte Unknown = 0, Off = 1, On = 2;

        private string? _extension;
        private string? _address;
        private byte _dnd;
        private byte _led;

        public bool? Dnd
        {
            get => Read(ref _dnd);
            set => Volatile.Write(ref _dnd, Encode(value));
        }

        public bool? Led
        {
            get => Read(ref _led);
            set => Volatile.Write(ref _led, Encode(value));
        }

        public bool IsAt(Extension extension, string address) =>
            Volatile.Read(ref _extension) == extension.Value && Volatile.Read(ref _address) == address;

        public void Recorded(Extension extension, string address)
        {
            Volatile.Write(ref _extension, extension.Value);
            Volatile.Write(ref _address, address);
        }

        private static bool? Read(ref byte field) => Volatile.Read(ref field) switch
        {
            On => true,
            Off => false,
            _ => null,
        };

        private static byte Encode(bool? value) => value switch
        {
            true => On,
            false => Off,
            null => Unknown,
        };
    }
}
