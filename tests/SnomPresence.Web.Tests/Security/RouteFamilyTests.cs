using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;

namespace SnomPresence.Web.Tests.Security;

/// <summary>A path no route takes is still answered in its family's dialect, and only to callers that family lets in.</summary>
public class RouteFamilyTests
{
    [Theory]
    [InlineData("/snom/no-such-page?ext=201")]
    [InlineData("/snom/action/no-such-event?ext=201")]
    [InlineData("/snom")]
    public async Task UnknownPhonePath_GetsASnomScreenSayingSo(string path)
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();

        var response = await phone.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var screen = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("SnomIPPhoneText", screen.Root!.Name.LocalName);
        Assert.Contains("Diese Seite gibt es nicht", screen.Root.Element("Text")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPhonePath_WithTokensRequired_IsRefusedWithoutTheToken()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        var token = await app.AddPhoneAsync("000413A11FA7", "D785", "201");
        using var phone = app.CreatePhoneClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync("/snom/no-such-page?ext=201&mac=000413A11FA7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync($"/snom/no-such-page?ext=201&mac=000413A11FA7&token={token}")).StatusCode);
    }

    [Fact]
    public async Task UnknownApiPath_Is401WithoutTheKey_And404ProblemDetailsWithIt()
    {
        await using var app = new SnomPresenceApp();
        using var anonymous = app.CreatePhoneClient();
        using var admin = app.CreateAdminClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/no-such-route")).StatusCode);
        var response = await admin.GetAsync("/api/no-such-route/deeper");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task UnknownProvisioningPath_Is401WithoutTheLogin_And404WithIt()
    {
        await using var app = new SnomPresenceApp().WithProvisioning();
        using var anonymous = app.CreatePhoneClient();
        using var provisioning = app.CreateProvisioningClient();

        var refused = await anonymous.GetAsync("/provisioning/a/b.htm");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.NotFound, (await provisioning.GetAsync("/provisioning/a/b.htm")).StatusCode);
    }
}
