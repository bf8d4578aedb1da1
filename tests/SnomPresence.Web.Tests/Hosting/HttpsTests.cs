using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SnomPresence.Web.Tests.AdminUi;
using SnomPresence.Web.Tests.Provisioning;

namespace SnomPresence.Web.Tests.Hosting;

/// <summary>
/// HTTPS served by Kestrel itself, without a proxy: a certificate from PEM files or a PFX
/// (<c>Kestrel:Endpoints:Https:Certificate:*</c>), the public address https, and every family of routes over it.
/// </summary>
public sealed class HttpsTests : IDisposable
{
    private const string Mac = "000413A11FA7";

    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-https-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("pem")]
    [InlineData("encrypted-pem")]
    [InlineData("pfx")]
    public async Task HttpsEndpoint_WithASelfMadeCertificate_ServesPhoneProvisioningAndAdminRoutes(string files)
    {
        using var certificate = TestCertificates.SelfSigned();
        var address = new Uri($"https://127.0.0.1:{ServiceProcess.FreePort()}");
        var arguments = new List<string> { $"--Kestrel:Endpoints:Https:Url={address}" };
        if (files == "pfx")
        {
            arguments.Add($"--Kestrel:Endpoints:Https:Certificate:Path={TestCertificates.WritePfx(certificate, _folder)}");
            arguments.Add($"--Kestrel:Endpoints:Https:Certificate:Password={TestCertificates.Password}");
        }
        else
        {
            var (crt, key) = TestCertificates.WritePem(certificate, _folder, encryptKey: files == "encrypted-pem");
            arguments.Add($"--Kestrel:Endpoints:Https:Certificate:Path={crt}");
            arguments.Add($"--Kestrel:Endpoints:Https:Certificate:KeyPath={key}");
            if (files == "encrypted-pem")
            {
                arguments.Add($"--Kestrel:Endpoints:Https:Certificate:Password={TestCertificates.Password}");
            }
        }

        await using var service = await ServiceProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Store:Sqlite:Path"] = Path.Combine(_folder, "presence.db"),
                ["Admin:ApiKey"] = SnomPresenceApp.ApiKey,
                ["Provisioning:HttpUser"] = SnomPresenceApp.ProvisioningUser,
                ["Provisioning:HttpPassword"] = SnomPresenceApp.ProvisioningPassword,
                ["Provisioning:LoginSecret"] = SnomPresenceApp.ProvisioningLoginSecret,
            },
            publishOwnAddress: true,
            // Clients trust exactly this certificate: an answer at all means the service presented it.
            listening: new Listening(address, address.ToString().TrimEnd('/')) { Arguments = arguments, Certificate = certificate });
        var origin = address.ToString().TrimEnd('/');

        // Admin API: the phone joins the inventory.
        using var admin = service.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        var added = await admin.PutAsJsonAsync($"/api/phones/{Mac}", new { model = "D785", extensions = new[] { "201" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        // Provisioning: everything in the phone's settings points at the https address, and its host is trusted.
        using var provisioning = service.CreateClient();
        provisioning.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{SnomPresenceApp.ProvisioningUser}:{SnomPresenceApp.ProvisioningPassword}")));
        var settings = await ProvisionedSettings.ReadAsync(await provisioning.GetAsync($"/provisioning/snomD785-{Mac}.htm"));
        Assert.Equal($"{origin}/provisioning/", settings.Setting("setting_server"));
        Assert.Equal("127.0.0.1", settings.Setting("mb_trusted_hosts"));
        Assert.StartsWith($"{origin}/snom/action/dnd-on?", settings.Setting("action_dnd_on_url"), StringComparison.Ordinal);
        Assert.StartsWith($"{origin}/snom/menu?", settings.KeyUrl("Status"), StringComparison.Ordinal);

        // Phone routes: the DND key as provisioned, then the status screen, whose links stay on https.
        using var phone = service.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync(ProvisionedSettings.AsCalled(settings.Setting("action_dnd_on_url")!))).StatusCode);
        var status = await PhonePage.ReadAsync(await phone.GetAsync($"/snom/status?ext=201&mac={Mac}"));
        Assert.Equal("Nicht stören", status.Lines[0]);
        var links = status.SoftKeys.Values.Select(k => k.Url).Where(url => !url.StartsWith("snom://", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, url => Assert.StartsWith($"{origin}/", url, StringComparison.Ordinal));

        // Admin pages: signed in over https, with a Secure session cookie that works.
        var cookies = new CookieContainer();
        var handler = service.CreateHandler();
        handler.UseCookies = true;
        handler.CookieContainer = cookies;
        handler.AllowAutoRedirect = false;
        using var browser = new HttpClient(handler) { BaseAddress = address };
        Assert.Equal(HttpStatusCode.Redirect, (await AdminUiTests.PostSignInFormAsync(browser, SnomPresenceApp.ApiKey)).StatusCode);
        var session = cookies.GetCookies(address).Single(c => c.Name == "snompresence-admin");
        Assert.True(session.Secure && session.HttpOnly);
        var board = await browser.GetFromJsonAsync<JsonElement>("/admin/board.json");
        Assert.Contains(board.EnumerateArray(), row => row.GetProperty("extension").GetString() == "201" && row.GetProperty("status").GetString() == "dnd");

        // Only TLS on that port.
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{address.Port}/health/live"));
    }

    public static TheoryData<string, string[], string> BadCertificates => new()
    {
        { "missing file", ["--Kestrel:Endpoints:Https:Certificate:Path=/nonexistent/server.pfx"], "Kestrel:Endpoints:Https:Certificate:Path '/nonexistent/server.pfx' cannot be read" },
        { "wrong password", ["--Kestrel:Endpoints:Https:Certificate:Path={pfx}", "--Kestrel:Endpoints:Https:Certificate:Password=not-the-password-4711"], "Kestrel:Endpoints:Https:Certificate:Path '{pfx}' cannot be read with Kestrel:Endpoints:Https:Certificate:Password" },
        { "PEM without its key", ["--Kestrel:Endpoints:Https:Certificate:Path={crt}"], "Kestrel:Endpoints:Https:Certificate:Path '{crt}'" },
        { "key of another certificate", ["--Kestrel:Endpoints:Https:Certificate:Path={crt}", "--Kestrel:Endpoints:Https:Certificate:KeyPath={otherKey}"], "Kestrel:Endpoints:Https:Certificate:Path '{crt}' with Kestrel:Endpoints:Https:Certificate:KeyPath '{otherKey}' cannot be read" },
        { "no certificate at all", [], "Kestrel:Endpoints:Https:Url 'https://127.0.0.1:1/' is https, but no certificate is configured" },
    };

    [Theory]
    [MemberData(nameof(BadCertificates))]
    public async Task HttpsEndpoint_WithACertificateThatCannotServe_StopsStartUpNamingTheSetting(string what, string[] settings, string message)
    {
        using var certificate = TestCertificates.SelfSigned();
        using var other = TestCertificates.SelfSigned();
        var pfx = TestCertificates.WritePfx(certificate, _folder);
        var (crt, _) = TestCertificates.WritePem(certificate, _folder);
        Directory.CreateDirectory(Path.Combine(_folder, "other"));
        var (_, otherKey) = TestCertificates.WritePem(other, Path.Combine(_folder, "other"));
        string Fill(string text) => text.Replace("{pfx}", pfx, StringComparison.Ordinal).Replace("{crt}", crt, StringComparison.Ordinal).Replace("{otherKey}", otherKey, StringComparison.Ordinal);

        var (exit, output, errors) = await ServiceProcess.RunToExitAsync("SnomPresence.Web", "SnomPresence.Web.dll",
            [$"--Store:Sqlite:Path={Path.Combine(_folder, "presence.db")}", "--Kestrel:Endpoints:Https:Url=https://127.0.0.1:1/", .. settings.Select(Fill)]);

        Assert.True(exit != 0, $"{what}: the service started");
        Assert.Contains(Fill(message), output + errors, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-4711", output + errors, StringComparison.Ordinal);
    }
}
