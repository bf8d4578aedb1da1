using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// Answers a phone's challenge (<c>http_scheme</c>: off asks for Basic, on for Digest) with the login of the phone
/// the push is for, looked up by its MAC and handed over with the request, never by address. Digest is preferred
/// whenever the phone offers it, since Basic hands over the password itself; Basic goes only to the address the
/// login was issued for. Redirects are never followed, so nothing is sent anywhere else.
/// </summary>
internal sealed class PhoneWebAuthentication : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<PhoneWebLogin> LoginKey = new("SnomPresence.PhoneWebLogin");

    /// <summary>Attaches <paramref name="login"/> to a request to the phone's own address.</summary>
    public static void Attach(HttpRequestMessage request, PhoneWebLogin login) => request.Options.Set(LoginKey, login);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !request.Options.TryGetValue(LoginKey, out var login) || request.RequestUri is not { } uri)
        {
            return response;
        }

        var challenges = response.Headers.WwwAuthenticate;
        var digest = challenges.Where(c => c.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase))
            .Select(c => DigestChallenge.TryParse(c.Parameter))
            .OfType<DigestChallenge>()
            .OrderByDescending(c => c.Strength)
            .FirstOrDefault();
        AuthenticationHeaderValue answer;
        if (digest is not null)
        {
            answer = digest.Answer(request.Method.Method, uri.PathAndQuery, login);
        }
        else if (challenges.Any(c => c.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)))
        {
            answer = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.User}:{login.Password}")));
        }
        else
        {
            return response;
        }

        response.Dispose();
        using var retry = new HttpRequestMessage(request.Method, uri) { Version = request.Version };
        retry.Headers.Authorization = answer;
        retry.Headers.ConnectionClose = request.Headers.ConnectionClose;
        return await base.SendAsync(retry, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>An RFC 7616 Digest challenge (MD5, MD5-sess or SHA-256; <c>qop=auth</c> or none, as RFC 2069 phones send).</summary>
internal sealed class DigestChallenge
{
    private readonly Dictionary<string, string> _fields;

    private DigestChallenge(Dictionary<string, string> fields, string algorithm)
    {
        _fields = fields;
        Algorithm = algorithm;
    }

    public string Algorithm { get; }

    public int Strength => Algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase) ? 2 : 1;

    public static DigestChallenge? TryParse(string? parameter)
    {
        var fields = Fields(parameter);
        if (!fields.ContainsKey("realm") || !fields.ContainsKey("nonce"))
        {
            return null;
        }

        var algorithm = fields.GetValueOrDefault("algorithm", "MD5");
        if (!algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase) && !algorithm.Equals("MD5-sess", StringComparison.OrdinalIgnoreCase)
            && !algorithm.Equals("SHA-256", StringComparison.OrdinalIgnoreCase) && !algorithm.Equals("SHA-256-sess", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // qop may list several ("auth,auth-int"); only auth is answered, and a challenge offering neither auth nor nothing is not.
        if (fields.TryGetValue("qop", out var qop) && !qop.Split(',').Any(q => q.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return new DigestChallenge(fields, algorithm);
    }

    public AuthenticationHeaderValue Answer(string method, string uri, PhoneWebLogin login)
    {
        var realm = _fields["realm"];
        var nonce = _fields["nonce"];
        var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        const string Count = "00000001";
        var ha1 = Hash($"{login.User}:{realm}:{login.Password}");
        if (Algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase))
        {
            ha1 = Hash($"{ha1}:{nonce}:{cnonce}");
        }

        var ha2 = Hash($"{method}:{uri}");
        var withQop = _fields.ContainsKey("qop");
        var response = withQop ? Hash($"{ha1}:{nonce}:{Count}:{cnonce}:auth:{ha2}") : Hash($"{ha1}:{nonce}:{ha2}");
        var header = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"username=\"{Quote(login.User)}\", realm=\"{Quote(realm)}\", nonce=\"{Quote(nonce)}\", uri=\"{Quote(uri)}\"")
            .Append(CultureInfo.InvariantCulture, $", algorithm={Algorithm}, response=\"{response}\"");
        if (withQop)
        {
            header.Append(CultureInfo.InvariantCulture, $", qop=auth, nc={Count}, cnonce=\"{cnonce}\"");
        }

        if (_fields.TryGetValue("opaque", out var opaque))
        {
            header.Append(CultureInfo.InvariantCulture, $", opaque=\"{Quote(opaque)}\"");
        }

        return new AuthenticationHeaderValue("Digest", header.ToString());
    }

    private string Hash(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
#pragma warning disable CA5351 // Digest as phones implement it is defined on MD5; SHA-256 is taken whenever offered.
        return Convert.ToHexStringLower(Strength == 2 ? SHA256.HashData(bytes) : MD5.HashData(bytes));
#pragma warning restore CA5351
    }

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>The challenge's <c>name=value</c> pairs; quoted values may hold commas and escaped quotes.</summary>
    private static Dictionary<string, string> Fields(string? parameter)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = parameter.AsSpan();
        while (!text.IsEmpty)
        {
            text = text.TrimStart(" \t,");
            var equals = text.IndexOf('=');
            if (equals <= 0)
            {
                break;
            }

            var name = text[..equals].Trim().ToString();
            text = text[(equals + 1)..].TrimStart();
            var value = new StringBuilder();
            if (!text.IsEmpty && text[0] == '"')
            {
                var i = 1;
                for (; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i]);
                }

                text = i < text.Length ? text[(i + 1)..] : [];
            }
            else
            {
                var end = text.IndexOf(',');
                value.Append(end < 0 ? text.Trim() : text[..end].Trim());
                text = end < 0 ? [] : text[end..];
            }

            fields[name] = value.ToString();
        }

        return fields;
    }
}

/// <summary>The web login a push to a phone uses: the phone's own from the inventory, else <c>Phones:HttpUser</c>.</summary>
internal sealed class PhoneWebLogins(IOptions<PhonesOptions> options)
{
    public PhoneWebLogin? For(ProvisionedPhone? phone) =>
        phone?.WebLogin ?? (string.IsNullOrEmpty(options.Value.HttpUser) ? null : new PhoneWebLogin(options.Value.HttpUser, options.Value.HttpPassword ?? string.Empty));
}
