using System.Globalization;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// The phone's own web interface (D3xx/D7xx): <c>dummy.htm?settings=save</c> sets a setting, <c>minibrowser.htm?url=</c>
/// opens a page. Credentials come from the handler (Basic or Digest, answered to the phone's challenge); retries
/// and timeouts from the standard resilience handler.
/// </summary>
internal sealed class SnomPhoneClient(IHttpClientFactory clients)
{
    public const string ClientName = "snom-phone";

    public Task SetDndAsync(string address, bool dnd, CancellationToken cancellationToken) =>
        GetAsync(address, $"/dummy.htm?settings=save&dnd_mode={(dnd ? "on" : "off")}", cancellationToken);

    /// <summary>Opens <paramref name="url"/> in the phone's minibrowser; the target is percent-encoded with its scheme, as firmware 8.4.32+ requires.</summary>
    public Task ShowAsync(string address, string url, CancellationToken cancellationToken) =>
        GetAsync(address, "/minibrowser.htm?url=" + Uri.EscapeDataString(url), cancellationToken);

    private async Task GetAsync(string address, string pathAndQuery, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        using var response = await client.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{address}{pathAndQuery}")), cancellationToken).ConfigureAwait(false);
        // command.htm-style pages answer 302 to index.htm; anything 2xx/3xx means the phone took it.
        if ((int)response.StatusCode >= 400)
        {
            throw new HttpRequestException($"The phone answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }
}
