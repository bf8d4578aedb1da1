using System.Net.Http.Json;

namespace SnomPresence.Web.Tests.Pbx;

public class XapiContractTests
{
    [Fact]
    public async Task EveryRequestOfAFullSync_ConformsToTheOfficialSwagger()
    {
        var swagger = XapiSwagger.Load();
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201", "Custom 1");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:PollInterval"] = "00:01:00";
        // Settings are read with each delivery round, so a read a loaded machine let time out is made up for.
        app.Settings["Pbx:ThreeCX:SettingsInterval"] = "00:00:00.200";
        using var phone = app.CreatePhoneClient();
        using var admin = app.CreateAdminClient();
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201")) is not null, "the poll created 201");
        pbx.AddUser(43, "202");

        // Everything the client can send: a lookup, status PATCHes, a forwarding read-modify-write, polls, system parameters.
        await phone.GetAsync("/snom/action/dnd-on?ext=202");
        await phone.GetAsync("/snom/set?ext=201&status=business-trip");
        await admin.PutAsJsonAsync("/api/extensions/201/forwarding/available", new
        {
            noAnswer = new { @internal = new { kind = "extension", number = "202" }, external = new { kind = "external", number = "+4930123456" } },
            busy = new { @internal = new { kind = "busy" }, external = new { kind = "colleague-voicemail", number = "202" } },
            notRegistered = new { @internal = new { kind = "voicemail" }, external = new { kind = "busy" } },
        });
        await SnomPresenceApp.EventuallyAsync(
            () => pbx.Patches.Any(p => p.Body.ContainsKey("ForwardingProfiles")) && pbx.User("202").Profile == "Out of office" && pbx.User("201").Profile == "Custom 2",
            "all three changes reached 3CX");

        var requests = pbx.Requests;
        Assert.Contains(requests, r => r.Query.Contains("$filter=", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Path.EndsWith("/ForwardingProfiles", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Path == "/xapi/v1/Defs/Pbx.GetSystemParameters()");
        Assert.Contains(requests, r => r.Path == "/xapi/v1/PhonesSettings");
        Assert.Contains(pbx.Patches, p => p.Body.ContainsKey("ForwardingProfiles"));
        var token = requests.First(r => r.Path == "/connect/token");
        Assert.Equal(swagger.TokenUrl, token.Path);
        Assert.Equal(
            ["client_id", "client_secret", "grant_type"],
            token.Body!.Split('&').Select(p => p.Split('=')[0]).Order());
        Assert.Empty(requests.Where(r => r.Path != "/connect/token").SelectMany(swagger.Check));
    }

    [Fact]
    public void Check_RequestOutsideTheSwagger_IsReported()
    {
        var swagger = XapiSwagger.Load();

        var problems = swagger.Check(new FakeRequest(default, "PATCH", "/xapi/v1/Users(42)", "", """{"CurrentProfile":"Away","QueueStatus":"Maybe"}""", null, 204))
            .Concat(swagger.Check(new FakeRequest(default, "GET", "/xapi/v1/Users", "$filter=x&$bogus=1", null, null, 200)))
            .Concat(swagger.Check(new FakeRequest(default, "DELETE", "/xapi/v1/Presence(1)", "", null, null, 404)))
            .ToList();

        Assert.Contains(problems, p => p.Contains("CurrentProfile: not a declared property", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("QueueStatus: 'Maybe' is not one of the declared values", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("query option $bogus not declared", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("no such path", StringComparison.Ordinal));
    }
}
