using System.Net;

namespace SnomPresence.Fleet.Load;

/// <summary>The HttpClient every C# load run uses: keep-alive connections, nothing between it and the socket.</summary>
internal static class LoadClient
{
    public static HttpClient Create(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Sends a GET and reads the whole body; false when the answer is not 200.</summary>
    public static async Task<(bool Ok, string Body)> GetAsync(HttpClient client, string url, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return (response.StatusCode == HttpStatusCode.OK, body);
        }
        catch (HttpRequestException)
        {
            return (false, string.Empty);
        }
    }
}
