using System.Collections.Concurrent;
using System.Net;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// Notes where a phone is whenever it calls (from <c>ip</c> = <c>$phone_ip</c> when given, else the request's
/// source address) and which DND mode it has. The address is written to the directory only when it is new or
/// moved, so a DND press costs no second write. The DND mode lives in memory: after a restart it is unknown, and
/// the next change simply tells the phone again.
/// </summary>
internal sealed class PhoneSightings(IPhoneDirectory directory, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (Extension Extension, string Address)> _recorded = new();
    private readonly ConcurrentDictionary<string, bool> _dnd = new();

    /// <summary>Records the phone and answers it, or null when its address is unknown or not an address.</summary>
    /// <param name="dnd">The DND mode the phone just reported, if it did.</param>
    public async Task<KnownPhone?> RecordAsync(PhoneRequest request, HttpContext context, bool? dnd, CancellationToken cancellationToken)
    {
        var address = Address(context.Request.Query["ip"], context.Connection.RemoteIpAddress);
        if (address is null)
        {
            return null;
        }

        var phone = new KnownPhone(request.Mac ?? address, request.Extension, request.Mac, address, time.GetUtcNow());
        if (!_recorded.TryGetValue(phone.Id, out var known) || known != (phone.Extension, phone.Address))
        {
            await directory.RecordAsync(phone, cancellationToken).ConfigureAwait(false);
            _recorded[phone.Id] = (phone.Extension, phone.Address);
        }

        if (dnd is { } mode)
        {
            _dnd[phone.Id] = mode;
        }

        return phone;
    }

    /// <summary>The phone's DND mode as last reported or pushed, or null when unknown.</summary>
    public bool? KnownDnd(string phoneId) => _dnd.TryGetValue(phoneId, out var dnd) ? dnd : null;

    public void SetDnd(string phoneId, bool dnd) => _dnd[phoneId] = dnd;

    /// <summary>An IP address or IP:port; anything else (host names, URLs) is refused so pushes only go to addresses.</summary>
    internal static string? Address(string? announced, IPAddress? remote)
    {
        if (!string.IsNullOrEmpty(announced))
        {
            // IPAddress.TryParse would accept "[::1]:80" and drop the port, so the endpoint form goes first.
            return IPEndPoint.TryParse(announced, out var endpoint) && endpoint.Port != 0 ? endpoint.ToString()
                : IPAddress.TryParse(announced, out var ip) ? ip.ToString()
                : null;
        }

        return remote is null ? null : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
    }
}
