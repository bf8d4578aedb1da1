using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SnomPresence.Fleet.Targets;

namespace SnomPresence.Fleet.Tests;

public class FakeThreeCxTests
{
    [Fact]
    public async Task Patch_WithToken_StoresProfileAndTimesTheAwaitedArrival()
    {
        await using var pbx = await FakeThreeCx.StartAsync(["1000", "1001"]);
        using var client = await SignedInAsync(pbx);
        var arrived = pbx.WaitForPatchAsync(2, "Out of office");
        var before = Stopwatch.GetTimestamp();

        using var patch = await client.PatchAsync(new Uri("/xapi/v1/Users(2)", UriKind.Relative), Json(new JsonObject { ["CurrentProfileName"] = "Out of office" }));

        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.True(arrived.IsCompleted);
        Assert.InRange(await arrived, before, Stopwatch.GetTimestamp());
        Assert.Equal(1, pbx.Patches);
        var user = (await ListAsync(client, "$filter=" + Uri.EscapeDataString("Number eq '1001'")))["value"]!.AsArray().Single()!;
        Assert.Equal(2, (int)user["Id"]!);
        Assert.Equal("Out of office", (string?)user["CurrentProfileName"]);
    }

    [Fact]
    public async Task Patch_OtherProfile_LeavesTheWaitOpen()
    {
        await using var pbx = await FakeThreeCx.StartAsync(["1000"]);
        using var client = await SignedInAsync(pbx);
        var arrived = pbx.WaitForPatchAsync(1, "Out of office");

        using var patch = await client.PatchAsync(new Uri("/xapi/v1/Users(1)", UriKind.Relative), Json(new JsonObject { ["CurrentProfileName"] = "Away" }));

        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.False(arrived.IsCompleted);
    }

    [Fact]
    public async Task Xapi_WithoutToken_IsUnauthorizedAndChangesNothing()
    {
        await using var pbx = await FakeThreeCx.StartAsync(["1000"]);
        using var client = new HttpClient { BaseAddress = pbx.Address };

        using var patch = await client.PatchAsync(new Uri("/xapi/v1/Users(1)", UriKind.Relative), Json(new JsonObject { ["CurrentProfileName"] = "Away" }));
        using var list = await client.GetAsync(new Uri("/xapi/v1/Users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, patch.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(0, pbx.Patches);
    }

    [Fact]
    public async Task Token_WrongSecret_IsRefused()
    {
        await using var pbx = await FakeThreeCx.StartAsync(["1000"]);
        using var client = new HttpClient { BaseAddress = pbx.Address };

        using var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = FakeThreeCx.ClientId,
            ["client_secret"] = "not-the-secret",
            ["grant_type"] = "client_credentials",
        }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ListUsers_Paged_ReturnsTheRequestedPageAndTheCount()
    {
        await using var pbx = await FakeThreeCx.StartAsync(Enumerable.Range(1000, 7).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var client = await SignedInAsync(pbx);

        var page = await ListAsync(client, "$top=3&$skip=3&$count=true");

        Assert.Equal(7, (int)page["@odata.count"]!);
        Assert.Equal(["1003", "1004", "1005"], page["value"]!.AsArray().Select(u => (string?)u!["Number"]));
        Assert.Equal(1, pbx.Polls);
    }

    private static async Task<HttpClient> SignedInAsync(FakeThreeCx pbx)
    {
        var secret = pbx.ServiceSettings().Single(s => s.StartsWith("--Pbx:ThreeCX:ClientSecret=", StringComparison.Ordinal)).Split('=', 2)[1];
        var client = new HttpClient { BaseAddress = pbx.Address };
        using var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = FakeThreeCx.ClientId,
            ["client_secret"] = secret,
            ["grant_type"] = "client_credentials",
        }));
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(3600, (int)token!["expires_in"]!);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string?)token["access_token"]);
        return client;
    }

    private static async Task<JsonObject> ListAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonObject>(new Uri("/xapi/v1/Users?" + query, UriKind.Relative)))!;

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
