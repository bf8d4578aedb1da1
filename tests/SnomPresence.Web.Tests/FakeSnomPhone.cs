using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace SnomPresence.Web.Tests;

/// <summary>
/// A Snom phone's web interface on WireMock.Net: <c>dummy.htm?settings=save</c> and <c>minibrowser.htm?url=</c>,
/// behind HTTP Basic or Digest authentication as <c>http_scheme</c> chooses, answering slowly or failing on demand.
/// Pushes go to the address a phone calls from, on one port for all phones, so each fake phone listens on its own
/// loopback address (127.0.0.2, 127.0.0.3 …) and phones of one test share a port.
/// </summary>
public sealed class FakeSnomPhone : IDisposable
{
    public const string User = "admin";
    public const string Password = "phone-web-secret";
    private const string Nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";

    private readonly WireMockServer _server;
    private readonly bool _basicToo;
    private readonly string _password;
    private int _failures;

    /// <param name="host">The phone's loopback address; requests "from the phone" carry it (<see cref="SnomPresenceApp.CreatePhoneClient(FakeSnomPhone)"/>).</param>
    /// <param name="port">The web port, shared by the phones of one test; a free one when not given.</param>
    /// <param name="certificate">Serve only HTTPS with this certificate, as a phone with <c>webserver_type</c> https does.</param>
    public FakeSnomPhone(
        bool digest = false, string host = "127.0.0.2", int? port = null, bool basicToo = false, string password = Password,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        Digest = digest;
        _password = password;
        _basicToo = basicToo;
        Address = host;
        Port = port ?? FreePort(host);
        var authority = System.Net.IPAddress.Parse(host).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            StartAdminInterface = false,
            Urls = [$"{(certificate is null ? "http" : "https")}://{authority}:{Port}"],
            UseSSL = certificate is not null,
            CertificateSettings = certificate is null ? null : new WireMockCertificateSettings { X509Certificate = certificate },
        });
        _server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithCallback(HandleAsync));
        TestTrail.Add($"phone {Address}:{Port}", () => _server.LogEntries.Select(e => $"{e.RequestMessage.DateTime:HH:mm:ss.fff} {e.RequestMessage.Path}{e.RequestMessage.RawQuery} {e.ResponseMessage.StatusCode}"));
    }

    private readonly List<string> _arrived = [];

    public bool Digest { get; }

    /// <summary>The phone's address, as its requests come from it and as it announces it in <c>$phone_ip</c>.</summary>
    public string Address { get; }

    /// <summary>The port its web interface listens on: the service's <c>Phones:Push:Port</c>.</summary>
    public int Port { get; }

    /// <summary>A port free on <paramref name="host"/> right now.</summary>
    public static int FreePort(string host = "127.0.0.2")
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(host), 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public TimeSpan Delay { get; set; }

    /// <summary>How long an authenticated request waits for its answer after the phone carried it out.</summary>
    public TimeSpan LateAnswer { get; set; }

    /// <summary>The phone's DND mode: set by pushes, or by its user (<see cref="Press"/>).</summary>
    public bool? Dnd { get; private set; }

    /// <summary>Answers every request with 302 to the login page, as a phone that wants another scheme or a session may.</summary>
    public bool Redirects { get; set; }

    /// <summary>The user presses the phone's DND key: its mode flips, and it fires the action URL the answer names.</summary>
    public string Press(bool dnd, string query)
    {
        Dnd = dnd;
        return $"/snom/action/dnd-{(dnd ? "on" : "off")}?{query}";
    }

    /// <summary>Authenticated requests the phone carried out, in arrival order: path and query.</summary>
    public IReadOnlyList<(DateTime At, string PathAndQuery)> Accepted =>
        [.. _server.LogEntries.Where(e => Convert.ToInt32(e.ResponseMessage.StatusCode, System.Globalization.CultureInfo.InvariantCulture) == 200)
            .OrderBy(e => e.RequestMessage.DateTime)
            .Select(e => (e.RequestMessage.DateTime, e.RequestMessage.Path + e.RequestMessage.RawQuery))];

    /// <summary>Every request that reached the phone, answered or not: path and query.</summary>
    public IReadOnlyList<string> Requests => [.. _server.LogEntries.Select(e => e.RequestMessage.Path + e.RequestMessage.RawQuery)];

    public IReadOnlyList<string?> AuthorizationHeaders =>
        [.. _server.LogEntries.Select(e => e.RequestMessage.Headers?.TryGetValue("Authorization", out var v) == true ? v.ToString() : null)];

    /// <summary>Requests answered 503 because of <see cref="FailNext"/>.</summary>
    public int Failed => _server.LogEntries.Count(e => Convert.ToInt32(e.ResponseMessage.StatusCode, System.Globalization.CultureInfo.InvariantCulture) == 503);

    public void FailNext(int count) => _failures = count;

    public void Dispose() => _server.Dispose();

    /// <summary>Requests that reached the phone, counted as they arrive, before <see cref="Delay"/> and the answer.</summary>
    public IReadOnlyList<string> Arrived
    {
        get
        {
            lock (_arrived)
            {
                return [.. _arrived];
            }
        }
    }

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        lock (_arrived)
        {
            _arrived.Add(request.Path + request.RawQuery);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        // As Snom phones do (docs/snom.md): minibrowser.htm on a kept-alive connection answers only after seconds.
        var closes = request.Headers?.TryGetValue("Connection", out var connection) == true && connection.ToString().Contains("close", StringComparison.OrdinalIgnoreCase);
        if (request.Path == "/minibrowser.htm" && !closes)
        {
            await Task.Delay(TimeSpan.FromSeconds(8));
        }

        if (Redirects)
        {
            var redirect = new ResponseMessage { StatusCode = 302 };
            redirect.AddHeader("Location", "/index.htm");
            return redirect;
        }

        var authorization = request.Headers?.TryGetValue("Authorization", out var values) == true ? values.ToString() : null;
        if (!Authorized(authorization, request))
        {
            var challenge = new ResponseMessage { StatusCode = 401 };
            const string Basic = "Basic realm=\"snom\"";
            // A phone offering both lists Basic first, so a client taking the first offer would hand over the password.
            string[] offers = !Digest ? [Basic] : _basicToo ? [Basic, $"Digest realm=\"snom\", nonce=\"{Nonce}\", qop=\"auth\""] : [$"Digest realm=\"snom\", nonce=\"{Nonce}\", qop=\"auth\""];
            challenge.AddHeader("WWW-Authenticate", offers);
            return challenge;
        }

        if (_failures > 0)
        {
            _failures--;
            return new ResponseMessage { StatusCode = 503 };
        }

        if (request.Path == "/dummy.htm" && request.Query?.TryGetValue("dnd_mode", out var mode) == true)
        {
            Dnd = mode.ToString() == "on";
        }

        if (LateAnswer > TimeSpan.Zero)
        {
            await Task.Delay(LateAnswer);
        }

        return new ResponseMessage { StatusCode = 200 };
    }

    private bool Authorized(string? header, IRequestMessage request)
    {
        if (header is null || !AuthenticationHeaderValue.TryParse(header, out var value))
        {
            return false;
        }

        if (!Digest)
        {
            return value.Scheme == "Basic" && value.Parameter == Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{_password}"));
        }

        // RFC 7616 with qop=auth and MD5, as Snom phones offer it.
        var fields = value.Parameter!.Split(',').Select(p => p.Trim().Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('"'));
#pragma warning disable CA5351 // Digest authentication as phones implement it is defined on MD5.
        static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
        var ha1 = Md5($"{User}:snom:{_password}");
        var ha2 = Md5($"GET:{fields["uri"]}");
        var expected = Md5($"{ha1}:{fields["nonce"]}:{fields["nc"]}:{fields["cnonce"]}:{fields["qop"]}:{ha2}");
        return value.Scheme == "Digest" && fields["username"] == User && fields["response"] == expected
            && fields["uri"] == request.Path + request.RawQuery;
    }
}
