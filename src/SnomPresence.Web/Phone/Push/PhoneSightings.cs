using System.Net;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Push;

/// <summary>Notes where a phone is whenever it calls: from <c>ip</c> (<c>$phone_ip</c>) when given, else the request's source address.</summary>
internal sealed class PhoneSightings(IPhoneDirectory directory, TimeProvider time)
{
    /// <summary>Records the phone and answers its id, or null when its address is unknown or not an address.</summary>
    public async Task<KnownPhone?> RecordAsync(PhoneRequest request, HttpContext context, bool? dnd, CancellationToken cancellationToken)
    {
        var address = Address(context.Request.Query["ip"], context.Connection.RemoteIpAddress);
        if (address is null)
        {
            return null;
        }

        var phone = new KnownPhone(request.Mac ?? address, request.Extension, request.Mac, address, time.GetUtcNow(), dnd);
        await directory.RecordAsync(phone, cancellationToken).ConfigureAwait(false);
        return phone;
    }

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
