using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using SnomPresence.Web.Tests.MultiInstance;
using SnomPresence.Web.Tests.Pbx;

namespace SnomPresence.Web.Tests.Security;

/// <summary>
/// The real service with every secret configured and everything logged, driven through every path that touches a
/// secret, right and wrong: none of them, and no credential header, may appear anywhere in its output.
/// </summary>
public sealed class SecretsInLogsTests
{
    private const string Mac = "000413A11FA7";
    private const string PgPassword = "pg-password-in-connection-string-7731";
    private const string GlobalPhonePassword = "global-phone-web-secret-5521";
    private const string WrongAdminKey = "a-wrong-admin-key-guessed-9910";
    private const string WrongProvisioningPassword = "wrong-prov-password-4420";
    private const string WrongPhoneToken = "wrong-phone-token-AAAABBBBCCCC";

    [Fact]
    public async Task FullRun_WithEverySecretConfigured_LogsNoneOfThem()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(1, "201");
        pbx.AddUser(2, "202");
        // The service process sees this test's requests come from 127.0.0.1, so that is where the phone listens.
        using var phoneWeb = new FakeSnomPhone(host: "127.0.0.1");
        await using var store = await SharedStore.CreateAsync("Postgres");
        var settings = new Dictionary<string, string>(pbx.ServiceSettings())
        {
            ["Store:Provider"] = "Postgres",
            // The throwaway server trusts local connections, so the password is carried but never checked.
            ["Store:Postgres:ConnectionString"] = new NpgsqlConnectionStringBuilder(store.Settings["Store:Postgres:ConnectionString"]) { Password = PgPassword }.ConnectionString,
            ["Admin:ApiKey"] = SnomPresenceApp.ApiKey,
            ["Provisioning:HttpUser"] = SnomPresenceApp.ProvisioningUser,
            ["Provisioning:HttpPassword"] = SnomPresenceApp.ProvisioningPassword,
            ["Provisioning:LoginSecret"] = SnomPresenceApp.ProvisioningLoginSecret,
            ["Phones:RequireToken"] = "true",
            ["Phones:HttpUser"] = "admin",
            ["Phones:HttpPassword"] = GlobalPhonePassword,
            ["Phones:Resilience:Retry:Delay"] = "00:00:00.020",
            ["Phones:Push:Port"] = phoneWeb.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Verbose",
            // A second console sink in JSON carries every property of every event, not only those in the message.
            ["Serilog:WriteTo:1:Name"] = "Console",
            ["Serilog:WriteTo:1:Args:formatter"] = "Serilog.Formatting.Compact.RenderedCompactJsonFormatter, Serilog.Formatting.Compact",
        };
        var secrets = new List<string>
        {
            FakeThreeCx.ClientSecret, SnomPresenceApp.ApiKey, SnomPresenceApp.ProvisioningPassword, SnomPresenceApp.ProvisioningLoginSecret, FakeSnomPhone.Password,
            new SnomPresence.Provisioning.ProvisioningLogins(SnomPresenceApp.ProvisioningLoginSecret).Password(SnomPresence.Presence.MacAddress.Parse(Mac)),
            GlobalPhonePassword, PgPassword, WrongAdminKey, WrongProvisioningPassword, WrongPhoneToken,
            Basic(SnomPresenceApp.ProvisioningUser, SnomPresenceApp.ProvisioningPassword), Basic(SnomPresenceApp.ProvisioningUser, WrongProvisioningPassword),
            Basic(FakeSnomPhone.User, FakeSnomPhone.Password), Basic("admin", GlobalPhonePassword),
        };

        await using (var service = await ServiceProcess.StartAsync(settings, publishOwnAddress: true))
        {
            await pbx.WaitForFirstPollAsync();
            using var admin = service.CreateClient();
            admin.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
            using var anyone = service.CreateClient();

            // Admin API: a phone with its web login, its token, and a wrong key.
            var created = await admin.PutAsJsonAsync($"/api/phones/{Mac}", new
            {
                model = "D785", extensions = new[] { "201" }, webUser = FakeSnomPhone.User, webPassword = FakeSnomPhone.Password,
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            secrets.Add(token);
            Assert.True((await admin.PutAsync("/api/extensions/202", null)).IsSuccessStatusCode);
            using (var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/api/phones"))
            {
                wrongKey.Headers.Add("X-Api-Key", WrongAdminKey);
                Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.SendAsync(wrongKey)).StatusCode);
            }

            // Provisioning, right and wrong.
            Assert.Equal(HttpStatusCode.OK, (await Provisioning(anyone, SnomPresenceApp.ProvisioningPassword)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Provisioning(anyone, WrongProvisioningPassword)).StatusCode);

            // The phone boots, is pushed to, presses DND with its token; others try without or with a wrong one.
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/snom/action/setup?ext=201&mac={Mac}&token={token}&ip={phoneWeb.Address}")).StatusCode);
            await SnomPresenceApp.EventuallyAsync(() => phoneWeb.Accepted.Any(r => r.PathAndQuery.StartsWith("/minibrowser.htm", StringComparison.Ordinal)), "the boot push arrived");
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/snom/status?ext=201&mac={Mac}&token={token}&ip={phoneWeb.Address}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/snom/action/dnd-on?ext=201&mac={Mac}&token={token}&ip={phoneWeb.Address}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await anyone.GetAsync($"/snom/action/dnd-off?ext=201&mac={Mac}&token={WrongPhoneToken}&ip={phoneWeb.Address}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await anyone.GetAsync($"/snom/action/dnd-off?ext=201&mac={Mac}&ip={phoneWeb.Address}")).StatusCode);
            await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "3CX got DND");

            // 3CX fails: PATCHes answered 500 and 401, a revoked token, refused client credentials.
            pbx.FailNext(500, 401);
            // The status menu, not the DND key: a DND-off this soon after the boot push would count as its echo.
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/snom/set?ext=201&status=available&mac={Mac}&token={token}&ip={phoneWeb.Address}")).StatusCode);
            await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Available", "3CX got Available after failing");
            pbx.RejectCredentials = true;
            pbx.RevokeToken();
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/extensions/202/status", new { status = "away" })).StatusCode);
            await SnomPresenceApp.EventuallyAsync(() => pbx.Requests.Any(r => r.Path == "/connect/token" && r.Status == 401), "3CX refused the credentials");
            pbx.RejectCredentials = false;
            await SnomPresenceApp.EventuallyAsync(() => pbx.User("202").Profile == "Away", "3CX got Away once it took the credentials again");

            // An admin changes the phone's extension: the phone follows with its web login.
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/extensions/201/status", new { status = "dnd" })).StatusCode);
            await SnomPresenceApp.EventuallyAsync(() => phoneWeb.Dnd == true, "the phone switched DND on");

            // The token is rotated; the new one works.
            var rotated = await admin.PostAsync($"/api/phones/{Mac}/token", null);
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            var newToken = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            secrets.Add(newToken);
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/snom/status?ext=201&mac={Mac}&token={newToken}&ip={phoneWeb.Address}")).StatusCode);

            // Admin sign-in with the wrong key, then the right one; the session cookie is a secret too.
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            {
                BaseAddress = service.Address,
            };
            Assert.Equal(HttpStatusCode.Unauthorized, (await AdminUi.AdminUiTests.PostSignInFormAsync(browser, WrongAdminKey)).StatusCode);
            var signedIn = await AdminUi.AdminUiTests.PostSignInFormAsync(browser, SnomPresenceApp.ApiKey);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            secrets.AddRange(signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0].Split('=', 2)[1]).Where(v => v.Length > 20));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/board.json")).StatusCode);

            await SnomPresenceApp.EventuallyAsync(() => service.Output.Contains("Provisioning file", StringComparison.Ordinal), "the service logged");
            await service.KillAsync();
            secrets.AddRange(pbx.Requests.Select(r => r.Authorization).OfType<string>().Select(h => h.Split(' ', 2)[^1]));
            secrets.AddRange(phoneWeb.AuthorizationHeaders.OfType<string>().Select(h => h.Split(' ', 2)[^1]));
            var output = service.Output;

            // The run did what it claims: each path left its trace.
            Assert.Contains(pbx.Requests, r => r.Method == "PATCH" && r.Status == 500);
            Assert.Contains(pbx.Requests, r => r.Method == "PATCH" && r.Status == 401);
            Assert.Contains("WrongToken", output, StringComparison.Ordinal);
            Assert.Contains("missing or wrong credentials", output, StringComparison.Ordinal);
            Assert.Contains("sign-in with a wrong key", output, StringComparison.Ordinal);
            Assert.True(output.Length > 10_000, "Verbose logging should say a lot.");
            foreach (var secret in secrets.Where(s => s.Length >= 8).Distinct())
            {
                var at = output.IndexOf(secret, StringComparison.Ordinal);
                Assert.True(at < 0, $"A secret reached the log:\n{(at < 0 ? string.Empty : output.Substring(Math.Max(0, at - 400), Math.Min(800, output.Length - Math.Max(0, at - 400))))}");
            }

            // Escaped forms: in URLs and JSON a secret might appear encoded.
            foreach (var secret in secrets.Where(s => s.Length >= 8).Distinct())
            {
                Assert.DoesNotContain(Uri.EscapeDataString(secret), output, StringComparison.Ordinal);
                Assert.DoesNotContain(JsonEncodedText.Encode(secret).ToString(), output, StringComparison.Ordinal);
            }
        }
    }

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static async Task<HttpResponseMessage> Provisioning(HttpClient client, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/provisioning/snomD785-{Mac}.htm");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Basic(SnomPresenceApp.ProvisioningUser, password));
        return await client.SendAsync(request);
    }
}
