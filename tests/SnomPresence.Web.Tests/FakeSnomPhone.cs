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
/// </summary>
public sealed class FakeSnomPhone : IDisposable
{
    public const string User = "admin";
    public const string Password = "phone-web-secret";
    private const string Nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";

    private readonly WireMockServer _server;
    private int _failures;

    public FakeSnomPhone(bool digest = false)
    {
        Digest = digest;
        _server = WireMockServer.Start(new WireMockServerSettings { StartAdminInterface = false });
        _server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithCallback(HandleAsync));
    }

    public bool Digest { get; }

    /// <summary>The address as the phone would announce it in <c>$phone_ip</c> (with the port it listens on here).</summary>
    public string Address => $"127.0.0.1:{new Uri(_server.Url!).Port}";

    public TimeSpan Delay { get; set; }

    public bool? Dnd { get; private set; }

    /// <summary>Authenticated requests the phone carried out, in arrival order: path and query.</summary>
    public IReadOnlyList<(DateTime At, string PathAndQuery)> Accepted =>
        [.. _server.LogEntries.Where(e => Convert.ToInt32(e.ResponseMessage.StatusCode, System.Globalization.CultureInfo.InvariantCulture) == 200)
            .OrderBy(e => e.RequestMessage.DateTime)
            .Select(e => (e.RequestMessage.DateTime, e.RequestMessage.Path + e.RequestMessage.RawQuery))];

    public IReadOnlyList<string?> AuthorizationHeaders =>
        [.. _server.LogEntries.Select(e => e.RequestMessage.Headers?.TryGetValue("Authorization", out var v) == true ? v.ToString() : null)];

    /// <summary>Requests answered 503 because of <see cref="FailNext"/>.</summary>
    public int Failed => _server.LogEntries.Count(e => Convert.ToInt32(e.ResponseMessage.StatusCode, System.Globalization.CultureInfo.InvariantCulture) == 503);

    public void FailNext(int count) => _failures = count;

    public void Dispose() => _server.Dispose();

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        var authorization = request.Headers?.TryGetValue("Authorization", out var values) == true ? values.ToString() : null;
        if (!Authorized(authorization, request))
        {
            var challenge = new ResponseMessage { StatusCode = 401 };
            challenge.AddHeader("WWW-Authenticate", Digest ? $"Digest realm=\"snom\", nonce=\"{Nonce}\", qop=\"auth\"" : "Basic realm=\"snom\"");
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
            return value.Scheme == "Basic" && value.Parameter == Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        }

        // RFC 7616 with qop=auth and MD5, as Snom phones offer it.
        var fields = value.Parameter!.Split(',').Select(p => p.Trim().Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('"'));
#pragma warning disable CA5351 // Digest authentication as phones implement it is defined on MD5.
        static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
        var ha1 = Md5($"{User}:snom:{Password}");
        var ha2 = Md5($"GET:{fields["uri"]}");
        var expected = Md5($"{ha1}:{fields["nonce"]}:{fields["nc"]}:{fields["cnonce"]}:{fields["qop"]}:{ha2}");
        return value.Scheme == "Digest" && fields["username"] == User && fields["response"] == expected
            && fields["uri"] == request.Path + request.RawQuery;
    }
}
