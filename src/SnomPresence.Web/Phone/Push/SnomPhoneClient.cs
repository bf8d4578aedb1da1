using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// The phone's own web interface (D3xx/D7xx): <c>dummy.htm?settings=save</c> sets a setting, <c>minibrowser.htm?url=</c>
/// opens a page. Requests go to the phone's address on the port of <c>Phones:Push:Scheme</c>; the login answers the
/// phone's challenge (<see cref="PhoneWebAuthentication"/>); retries and timeouts come from the resilience handler.
/// </summary>
internal sealed class SnomPhoneClient(IHttpClientFactory clients, IOptions<PhonesOptions> options)
{
    public const string ClientName = "snom-phone";

    public Task SetDndAsync(IPAddress address, PhoneWebLogin? login, bool dnd, CancellationToken cancellationToken) =>
        GetAsync(address, login, $"/dummy.htm?settings=save&dnd_mode={(dnd ? "on" : "off")}", cancellationToken);

    /// <summary>Opens <paramref name="url"/> in the phone's minibrowser; the target is percent-encoded with its scheme, as firmware 8.4.32+ requires.</summary>
    /// <remarks>
    /// With a kept-alive connection the phone answers <c>minibrowser.htm</c> only after some seconds (docs/snom.md),
    /// longer than a push attempt waits: this request closes its connection.
    /// </remarks>
    public Task ShowAsync(IPAddress address, PhoneWebLogin? login, string url, CancellationToken cancellationToken) =>
        GetAsync(address, login, "/minibrowser.htm?url=" + Uri.EscapeDataString(url), cancellationToken, closeConnection: true);

    /// <summary>The phone's web interface at <paramref name="address"/>; an IPv6 address in brackets.</summary>
    public Uri BaseAddress(IPAddress address)
    {
        var push = options.Value.Push;
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new Uri($"{push.Scheme}://{host}:{push.EffectivePort}/");
    }

    private async Task GetAsync(IPAddress address, PhoneWebLogin? login, string pathAndQuery, CancellationToken cancellationToken, bool closeConnection = false)
    {
        var client = clients.CreateClient(ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress(address), pathAndQuery));
        request.Headers.ConnectionClose = closeConnection;
        if (login is not null)
        {
            PhoneWebAuthentication.Attach(request, login);
        }

        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        // dummy.htm and minibrowser.htm answer 200 when they took the request. A redirect (a phone that serves only
        // HTTPS sending plain HTTP elsewhere, a login page) is not followed and means it did not: a failure.
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The phone answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }
}
