using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// The OAuth2 client-credentials token for the 3CX XAPI. 3CX allows one active token per client, so a token is
/// fetched by one caller at a time (single-flight), cached until shortly before it expires, and replaced only
/// when it is rejected or due.
/// </summary>
internal sealed class ThreeCxTokenProvider(IHttpClientFactory clients, IOptions<PbxOptions> options, TimeProvider time) : IDisposable
{
    public const string TokenClientName = "3cx-token";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _token;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_token) is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(_token) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            _token = await RequestAsync(cancellationToken).ConfigureAwait(false);
            return _token.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/> so the next caller fetches a new token; a newer token is kept.</summary>
    public void Invalidate(string rejected)
    {
        var current = _token;
        if (current?.Value == rejected)
        {
            Interlocked.CompareExchange(ref _token, null, current);
        }
    }

    public void Dispose() => _gate.Dispose();

    private string? Fresh(CachedToken? token) => token is not null && time.GetUtcNow() < token.RefreshAt ? token.Value : null;

    private async Task<CachedToken> RequestAsync(CancellationToken cancellationToken)
    {
        var o = options.Value.ThreeCX;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = o.ClientId!,
            ["client_secret"] = o.ClientSecret!,
            ["grant_type"] = "client_credentials",
        });
        var client = clients.CreateClient(TokenClientName);
        using var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), form, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The body may echo the request; only the status goes into the message.
            throw new HttpRequestException($"3CX refused the API credentials (HTTP {(int)response.StatusCode}); check Pbx:ThreeCX:ClientId and ClientSecret.", null, response.StatusCode);
        }

        var body = await response.Content.ReadFromJsonAsync(ThreeCxJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(body?.AccessToken) || body.ExpiresIn <= 0)
        {
            throw new HttpRequestException("3CX answered the token request without a usable access_token/expires_in.");
        }

        // Since 20.0.9 expires_in is in seconds. Renew a tenth of the lifetime early, between 1 s and 60 s.
        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn);
        var margin = TimeSpan.FromTicks(Math.Clamp(lifetime.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        return new CachedToken(body.AccessToken, time.GetUtcNow() + lifetime - margin);
    }

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);
}

internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("token_type")] string? TokenType);

/// <summary>
/// Puts the bearer token on every XAPI call to the configured 3CX, and on nothing else; a 401 renews the token once
/// and repeats the call once.
/// </summary>
internal sealed class ThreeCxAuthHandler(ThreeCxTokenProvider tokens, IOptions<PbxOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(options.Value.ThreeCX.BaseUrl, UriKind.Absolute, out var own) || request.RequestUri is not { IsAbsoluteUri: true } target
            || Uri.Compare(own, target, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new InvalidOperationException("A 3CX call left the configured Pbx:ThreeCX:BaseUrl; the token goes nowhere else.");
        }

        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        tokens.Invalidate(token);
        request.Headers.Authorization = new("Bearer", await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
