using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

/// <summary>
/// Pushes as real phones need them: the phone's DND mode matches the status whichever way it changed, HTTPS for
/// phones that serve only HTTPS, a redirect counted as failure, and no pushes to models without remote control.
/// </summary>
public sealed class PushRealPhoneTests
{
    private const string Mac = "000413A11FA7";

    public static TheoryData<string> Sources => ["key", "phone-menu", "other-phone", "admin", "pbx", "timer"];

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task PhoneDndMode_MatchesTheStatus_WhicheverWayItChanged(string source)
    {
        using var phone = new FakeSnomPhone();
        using var other = new FakeSnomPhone(host: "127.0.0.3", port: phone.Port);
        using var pbx = new Pbx.FakeThreeCx();
        pbx.AddUser(42, "201");
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var app = new SnomPresenceApp { Time = source == "timer" ? clock : null }.PushingTo(phone);
        if (source == "pbx")
        {
            app.WithThreeCx(pbx);
        }

        using var client = app.CreatePhoneClient(phone);
        using var otherClient = app.CreatePhoneClient(other);
        await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}");
        await otherClient.GetAsync("/snom/action/setup?ext=201&mac=000413000999");
        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == false && other.Dnd == false, "both phones booted with DND off");

        // Into Nicht stören …
        switch (source)
        {
            case "key" or "phone-menu":
                await client.GetAsync(phone.Press(true, $"ext=201&mac={Mac}"));
                break;
            case "other-phone":
                await otherClient.GetAsync(other.Press(true, "ext=201&mac=000413000999"));
                break;
            case "pbx":
                pbx.User("201").Profile = "Out of office";
                break;
            case "timer":
                await app.SetStatusAsync("201", "dnd", clock.GetUtcNow().AddMinutes(30));
                break;
            default:
                await app.SetStatusAsync("201", "dnd");
                break;
        }

        await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true && other.Dnd == true, $"both phones are in DND after the {source} change");

        // The phones have the mode once they answered; the service may still be reading their answers. Moving the
        // test's clock 31 minutes meanwhile would time those calls out, which no real clock does.
        var pushes = app.Services.GetRequiredService<SnomPresence.Web.Phone.Push.PhonePushWorker>();
        await SnomPresenceApp.EventuallyAsync(() => pushes.Busy == 0, "the pushes into DND are finished");

        // … and out of it into another status.
        switch (source)
        {
            case "key":
                await client.GetAsync(phone.Press(false, $"ext=201&mac={Mac}"));
                break;
            case "phone-menu":
                await client.GetAsync($"/snom/set?ext=201&mac={Mac}&status=away");
                break;
            case "other-phone":
                await otherClient.GetAsync($"/snom/set?ext=201&mac=000413000999&status=lunch");
                break;
            case "pbx":
                pbx.User("201").Profile = "Away";
                break;
            case "timer":
                clock.Advance(TimeSpan.FromMinutes(31));
                break;
            default:
                await app.SetStatusAsync("201", "business-trip");
                break;
        }

        await SnomPresenceApp.EventuallyAsync(
            async () => (await app.GetStoredStateAsync("201"))!.Status != PresenceStatus.Dnd && phone.Dnd == false && other.Dnd == false,
            $"both phones left DND after the {source} change");
    }

    [Fact]
    public async Task HttpsOnlyPhone_WithItsCertificateTrusted_IsPushed()
    {
        using var certificate = SelfSigned();
        var pem = Path.GetTempFileName();
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());
        try
        {
            using var phone = new FakeSnomPhone(certificate: certificate);
            await using var app = new SnomPresenceApp().PushingTo(phone);
            app.Settings["Phones:Push:Scheme"] = "https";
            app.Settings["Phones:Push:TrustedCertificates"] = pem;
            using var client = app.CreatePhoneClient(phone);

            await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}");
            await app.SetStatusAsync("201", "dnd");

            await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == true, "the HTTPS phone switched DND on");
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HttpsOnlyPhone_WithAnUntrustedCertificate_IsPushedOnlyWhenAnyIsAccepted(bool acceptAny)
    {
        using var certificate = SelfSigned();
        using var phone = new FakeSnomPhone(certificate: certificate);
        await using var app = new SnomPresenceApp().PushingTo(phone);
        app.Settings["Phones:Push:Scheme"] = "https";
        app.Settings["Phones:Push:AcceptAnyCertificate"] = acceptAny ? "true" : "false";
        using var client = app.CreatePhoneClient(phone);

        await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}");

        if (acceptAny)
        {
            await SnomPresenceApp.EventuallyAsync(() => phone.Dnd == false, "the boot push arrived over HTTPS");
        }
        else
        {
            await app.Logs.WaitForAsync(e => e.EventId() == 5002);
            Assert.Empty(phone.Requests);
        }
    }

    [Fact]
    public async Task PhoneAnsweringWithARedirect_CountsAsAFailedPush()
    {
        using var phone = new FakeSnomPhone { Redirects = true };
        await using var app = new SnomPresenceApp().PushingTo(phone);
        using var client = app.CreatePhoneClient(phone);

        await client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}");

        var failed = await app.Logs.WaitForAsync(e => e.EventId() == 5002);
        Assert.Equal("HTTP 302", LogCapture.Scalar(failed, "PushError"));
        Assert.DoesNotContain(phone.Requests, r => r.StartsWith("/index.htm", StringComparison.Ordinal));
        Assert.Null(phone.Dnd);
    }

    [Fact]
    public async Task ModelWithoutRemoteControl_IsNeverPushedTo()
    {
        using var d865 = new FakeSnomPhone();
        using var d785 = new FakeSnomPhone(host: "127.0.0.3", port: d865.Port);
        await using var app = new SnomPresenceApp().WithProvisioning().PushingTo(d865, sharedLogin: false);
        using var admin = app.CreateAdminClient();
        var tokens = new Dictionary<string, string>();
        foreach (var (mac, model) in new[] { (Mac, "D865"), ("000413000785", "D785") })
        {
            var created = await admin.PutAsJsonAsync($"/api/phones/{mac}", new { model, extensions = new[] { "201" }, webUser = FakeSnomPhone.User, webPassword = FakeSnomPhone.Password });
            tokens[mac] = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        }

        using var d865Client = app.CreatePhoneClient(d865);
        using var d785Client = app.CreatePhoneClient(d785);
        await d865Client.GetAsync($"/snom/action/setup?ext=201&mac={Mac}&token={tokens[Mac]}");
        await d785Client.GetAsync($"/snom/action/setup?ext=201&mac=000413000785&token={tokens["000413000785"]}");

        await app.SetStatusAsync("201", "dnd");

        // The D785 of the same extension, which can be pushed to, shows the push had its chance.
        await SnomPresenceApp.EventuallyAsync(() => d785.Dnd == true, "the D785 switched DND on");
        Assert.Empty(d865.Requests);
    }

    private static X509Certificate2 SelfSigned() => TestCertificates.SelfSigned("CN=snom-phone");
}
