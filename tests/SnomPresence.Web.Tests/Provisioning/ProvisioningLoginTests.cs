using System.Net;
using Microsoft.Extensions.Time.Testing;
using SnomPresence.Presence;
using Microsoft.Extensions.DependencyInjection;
using SnomPresence.Provisioning;

namespace SnomPresence.Web.Tests.Provisioning;

/// <summary>
/// Each phone fetches its settings with its own login; the shared login only enrolls phones: until their first
/// fetch with their own login, or for Provisioning:EnrollmentWindow after they were added or their token rotated.
/// </summary>
public sealed class ProvisioningLoginTests
{
    private const string Mac = "000413A11FA7";
    private const string OtherMac = "000413B22FB8";
    private const string File = $"/provisioning/snomD785-{Mac}.htm";
    private const string OtherFile = $"/provisioning/snomD385-{OtherMac}.htm";

    private static string OwnPassword(string mac) => new ProvisioningLogins(SnomPresenceApp.ProvisioningLoginSecret).Password(MacAddress.Parse(mac));

    [Fact]
    public async Task OwnLogin_FetchesItsOwnFileOnly()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        await app.AddPhoneAsync(Mac, "D785", "201");
        await app.AddPhoneAsync(OtherMac, "D385", "202");
        using var own = app.CreateProvisioningClient(ownLogin: Mac);
        using var ownAsModelFile = app.CreateProvisioningClient(userAgent: $"Mozilla/4.0 (compatible; snomD385-SIP 10.1.184.15 {OtherMac})", ownLogin: Mac);

        var settings = await ProvisionedSettings.ReadAsync(await own.GetAsync(File));

        Assert.Equal(Mac, settings.Setting("http_client_user"));
        Assert.Equal(OwnPassword(Mac), settings.Setting("http_client_pass"));
        Assert.Equal(HttpStatusCode.Forbidden, (await own.GetAsync(OtherFile)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownAsModelFile.GetAsync("/provisioning/snomD385.htm")).StatusCode);
    }

    [Theory]
    [InlineData("000413A11FA7", "wrong-password-of-the-phone-0123")]
    [InlineData("000413a11fa7", null)]
    [InlineData("00:04:13:A1:1F:A7", null)]
    public async Task OwnLogin_Wrong_Is401(string user, string? password)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        await app.AddPhoneAsync(Mac, "D785", "201");
        using var client = app.CreatePhoneClient();
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password ?? OwnPassword(Mac)}")));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(File)).StatusCode);
    }

    [Fact]
    public async Task FirstFetchWithTheOwnLogin_EndsEnrollment_ForThatPhoneOnly()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        await app.AddPhoneAsync(Mac, "D785", "201");
        await app.AddPhoneAsync(OtherMac, "D385", "202");
        using var enrollment = app.CreateProvisioningClient();
        using var own = app.CreateProvisioningClient(ownLogin: Mac);
        Assert.Equal(HttpStatusCode.OK, (await enrollment.GetAsync(File)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync(File)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await enrollment.GetAsync(File)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await enrollment.GetAsync(OtherFile)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync(File)).StatusCode);
        Assert.Null((await app.Services.GetRequiredService<IPhoneInventory>().GetAsync(MacAddress.Parse(Mac), default))!.EnrollmentUntil);
    }

    [Fact]
    public async Task EnrollmentWindow_Ends_AndARotatedTokenOpensItAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new SnomPresenceApp { Time = clock }.WithProvisioning();
        app.Settings["Provisioning:EnrollmentWindow"] = "1.00:00:00";
        await app.AddPhoneAsync(Mac, "D785", "201");
        using var enrollment = app.CreateProvisioningClient();
        using var admin = app.CreateAdminClient();

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.OK, (await enrollment.GetAsync(File)).StatusCode);
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Forbidden, (await enrollment.GetAsync(File)).StatusCode);
        // A phone whose enrollment ended still has its own login.
        using var own = app.CreateProvisioningClient(ownLogin: Mac);
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync(File)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/phones/{Mac}/token", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await enrollment.GetAsync(File)).StatusCode);
    }

    [Fact]
    public async Task IncludeMode_SharedLoginOfThePbxTemplate_FetchesTheIncludedFileAfterTheWindow()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new SnomPresenceApp { Time = clock }.WithProvisioning();
        app.Settings["Provisioning:Mode"] = "Include";
        app.Settings["Provisioning:EnrollmentWindow"] = "1.00:00:00";
        await app.AddPhoneAsync(Mac, "D785", "201");
        using var pbxTemplateLogin = app.CreateProvisioningClient();

        clock.Advance(TimeSpan.FromDays(30));
        var settings = await ProvisionedSettings.ReadAsync(await pbxTemplateLogin.GetAsync(File));

        Assert.Null(settings.Setting("http_client_user"));
        Assert.NotNull(settings.Setting("action_dnd_on_url"));
    }

    [Fact]
    public async Task EnrollmentLogin_ModelFileNamingAPhoneWhoseEnrollmentEnded_GainsNothing()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        await app.AddPhoneAsync(Mac, "D785", "201");
        using (var own = app.CreateProvisioningClient(ownLogin: Mac))
        {
            Assert.Equal(HttpStatusCode.OK, (await own.GetAsync(File)).StatusCode);
        }

        using var posing = app.CreateProvisioningClient(userAgent: $"Mozilla/4.0 (compatible; snomD785-SIP 10.1.184.15 {Mac} SXM:0 UXM:0)");

        var response = await posing.GetAsync("/provisioning/snomD785.htm");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongLogins_SpendTheAddressesBudget_ThenEvenTheRightOneIsRefused()
    {
        await using var app = new SnomPresenceApp { RateLimited = true }.WithProvisioning();
        app.Settings["RateLimits:ProvisioningLogin:PermitLimit"] = "3";
        await app.AddPhoneAsync(Mac, "D785", "201");
        using var guesser = app.CreatePhoneClient();
        guesser.DefaultRequestHeaders.Add(SnomPresenceApp.RemoteAddressHeader, "192.0.2.66");
        guesser.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Mac}:guess-guess-guess")));
        using var right = app.CreateProvisioningClient(ownLogin: Mac);
        right.DefaultRequestHeaders.Add(SnomPresenceApp.RemoteAddressHeader, "192.0.2.66");
        using var elsewhere = app.CreateProvisioningClient(ownLogin: Mac);
        elsewhere.DefaultRequestHeaders.Add(SnomPresenceApp.RemoteAddressHeader, "192.0.2.67");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync(File)).StatusCode);
        }

        var refused = await right.GetAsync(File);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync(File)).StatusCode);
    }

    [Fact]
    public async Task StaticFiles_CarryTheSharedLogin_WhichTheirWebServerChecks()
    {
        var output = Directory.CreateTempSubdirectory("snompresence-static-").FullName;
        try
        {
            await using var app = new SnomPresenceApp().WithProvisioning();
            app.Settings["Provisioning:OutputPath"] = output;
            await app.AddPhoneAsync(Mac, "D785", "201");

            var settings = new ProvisionedSettings(System.Xml.Linq.XDocument.Load(Path.Combine(output, $"snomD785-{Mac}.htm")));

            Assert.Equal(SnomPresenceApp.ProvisioningUser, settings.Setting("http_client_user"));
            Assert.Equal(SnomPresenceApp.ProvisioningPassword, settings.Setting("http_client_pass"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, "Provisioning:LoginSecret")]
    [InlineData("too-short", "Provisioning:LoginSecret")]
    public async Task Startup_ProvisioningWithoutALoginSecret_FailsNamingTheKey(string? secret, string named)
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        app.Settings["Provisioning:LoginSecret"] = secret;

        var error = await app.StartupErrorAsync();

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_SharedUserThatLooksLikeAMac_FailsNamingTheKey()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        app.Settings["Provisioning:HttpUser"] = "000413000000";

        var error = await app.StartupErrorAsync();

        Assert.Contains("Provisioning:HttpUser", error?.ToString(), StringComparison.Ordinal);
    }
}
