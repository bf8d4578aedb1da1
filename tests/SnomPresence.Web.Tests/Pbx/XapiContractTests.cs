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
        Assert.Empty(requests.SelectMany(swagger.CheckResponse));
    }

    [Fact]
    public async Task EveryAnswerOfTheFake_SuccessesAndFailures_ConformsToTheOfficialSwagger()
    {
        var swagger = XapiSwagger.Load();
        using var pbx = new FakeThreeCx { PageCap = 2, SendNextLinks = true, RetryAfterSeconds = 1 };
        for (var i = 0; i < 5; i++)
        {
            pbx.AddUser(42 + i, $"20{i + 1}");
        }

        pbx.User("201").DisplayName = "Erika Muster";
        (pbx.User("202").FirstName, pbx.User("202").LastName) = ("Max", "Vertreter");
        pbx.Forbid(45);
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        app.Settings["Pbx:ThreeCX:PageSize"] = "5";
        app.Settings["Pbx:ThreeCX:SettingsInterval"] = "00:00:00.200";
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();

        // Refused for one user (403), throttled (429 with Retry-After), unavailable (503), a revoked token (401), a
        // failing settings read (500), wrong client credentials at the token endpoint, and paths 3CX does not have.
        await phone.GetAsync("/snom/action/dnd-on?ext=204");
        pbx.FailNext(429, 503);
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "201's change got through 429 and 503");
        pbx.RevokeToken();
        await phone.GetAsync("/snom/set?ext=202&status=lunch");
        await SnomPresenceApp.EventuallyAsync(() => pbx.User("202").Profile == "Custom 1", "202's change got through the revoked token");
        pbx.FailSettings = true;
        await SnomPresenceApp.EventuallyAsync(() => pbx.Requests.Any(r => r.Status == 500), "a settings read failed");
        pbx.FailSettings = false;
        using var raw = new HttpClient { BaseAddress = new Uri(pbx.Url) };
        await raw.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "someone", ["client_secret"] = "wrong", ["grant_type"] = "client_credentials" }));
        // With a token of its own, a user 3CX does not have. Issuing it ends the service's token (one active token per
        // client), and the service's renewal may end this one in turn: asked again until the answer is about the user.
        await SnomPresenceApp.EventuallyAsync(
            async () =>
            {
                var issued = await raw.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = FakeThreeCx.ClientId, ["client_secret"] = FakeThreeCx.ClientSecret, ["grant_type"] = "client_credentials" }));
                using var lookup = new HttpRequestMessage(HttpMethod.Get, "/xapi/v1/Users(999)/ForwardingProfiles");
                lookup.Headers.Authorization = new("Bearer", (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString());
                return (await raw.SendAsync(lookup)).StatusCode == System.Net.HttpStatusCode.NotFound;
            },
            "3CX answered 404 for a user it does not have");
        await SnomPresenceApp.EventuallyAsync(
            () => new HashSet<int> { 200, 204, 401, 403, 404, 429, 500, 503 }.IsSubsetOf(pbx.Requests.Select(r => r.Status)),
            "the fake's log shows every kind of answer",
            () => string.Join(", ", pbx.Requests.Select(r => r.Status).Distinct().Order()));

        var requests = pbx.Requests;
        Assert.Contains(requests, r => r.ResponseBody?.Contains("@odata.nextLink", StringComparison.Ordinal) == true);
        Assert.Contains(requests, r => r.Path == "/connect/token" && r.Status == 401);
        Assert.Empty(requests.SelectMany(swagger.CheckResponse));
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

    [Fact]
    public void CheckResponse_AnswerOutsideTheSwagger_IsReported()
    {
        var swagger = XapiSwagger.Load();

        var problems = swagger.CheckResponse(new FakeRequest(default, "GET", "/xapi/v1/Users", "", null, null, 200, """{"value":[{"Id":"42","Nickname":"x"}],"@odata.count":1}"""))
            .Concat(swagger.CheckResponse(new FakeRequest(default, "GET", "/xapi/v1/Users", "", null, null, 500, """{"error":{"message":"Internal error"}}""")))
            .Concat(swagger.CheckResponse(new FakeRequest(default, "POST", "/connect/token", "", null, null, 200, """{"access_token":"t","expires_in":"60"}""")))
            .Concat(swagger.CheckResponse(new FakeRequest(default, "POST", "/connect/token", "", null, null, 401, """{"error":"unauthorized"}""")))
            .ToList();

        Assert.Contains(problems, p => p.Contains("value[0].Id: String where integer is declared", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("value[0].Nickname: not a declared property", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("error.code: required, missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("token_type: required, missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("expires_in: String where Number is defined", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'unauthorized' is no OAuth 2.0 error code", StringComparison.Ordinal));
        Assert.Equal(6, problems.Count);
    }
}
