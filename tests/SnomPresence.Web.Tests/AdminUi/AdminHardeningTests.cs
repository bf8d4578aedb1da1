using System.Net;
using System.Xml.Linq;

namespace SnomPresence.Web.Tests.AdminUi;

/// <summary>What browsers are told about the admin pages, and the keys behind the session cookies at rest.</summary>
public sealed class AdminHardeningTests
{
    [Theory]
    [InlineData("/admin/signin")]
    [InlineData("/admin/")]
    [InlineData("/admin/phones")]
    public async Task AdminPages_SendContentSecurityPolicyNosniffAndNoReferrer(string path)
    {
        await using var app = new SnomPresenceApp();
        var (client, _) = await AdminUiTests.SignInAsync(app);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task KeyProtectionCertificate_EncryptsTheKeysAtRest_AndSessionsStillWork()
    {
        var folder = Directory.CreateTempSubdirectory("snompresence-keys-").FullName;
        try
        {
            using var certificate = TestCertificates.SelfSigned("CN=SnomPresence keys");
            var pfx = TestCertificates.WritePfx(certificate, folder);

            await using var app = new SnomPresenceApp();
            app.Settings["DataProtection:CertificatePath"] = pfx;
            app.Settings["DataProtection:CertificatePassword"] = TestCertificates.Password;
            var (client, _) = await AdminUiTests.SignInAsync(app);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/board.json")).StatusCode);

            var keys = Directory.GetFiles(Path.Combine(app.DataFolder, "data", "keys"), "*.xml");
            Assert.NotEmpty(keys);
            foreach (var key in keys)
            {
                // The key's secret is an EncryptedXml blob; in the clear it would be a masterKey element with a value.
                var document = XDocument.Load(key);
                Assert.Contains(document.Descendants(), e => e.Name.LocalName == "encryptedSecret" && e.Descendants().Any(d => d.Name.LocalName == "EncryptedData"));
                Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName == "masterKey");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task KeyProtectionCertificate_Unreadable_FailsStartupNamingTheKey()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["DataProtection:CertificatePath"] = "/nonexistent/keys.pfx";

        var error = await app.StartupErrorAsync();

        Assert.Contains("DataProtection:CertificatePath", error?.ToString(), StringComparison.Ordinal);
    }
}
