using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SnomPresence.Web.Tests.Security;

public class RequestSizeTests
{
    [Fact]
    public async Task PhoneQuery_OverTheLimit_Gets414WithAScreen_AndChangesNothing()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();
        var padding = new string('x', 2048);

        var response = await phone.GetAsync($"/snom/action/dnd-on?ext=201&lang=en&pad={padding}");
        var page = await PhonePage.ReadAsync(response, HttpStatusCode.RequestUriTooLong);

        Assert.Equal(["The request is too long. Check the action URL."], page.Lines);
        Assert.Null(await app.GetStoredStateAsync("201"));
        var logged = await app.Logs.WaitForAsync(e => e.EventId() == 7003);
        Assert.Equal("RequestLimits:PhoneQueryLength", LogCapture.Scalar(logged, "RequestLimitKey"));
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync($"/snom/action/dnd-on?ext=201&pad={padding[..1900]}")).StatusCode);
    }

    [Fact]
    public async Task PhoneBody_OverTheLimit_Gets413WithAScreen()
    {
        await using var app = new SnomPresenceApp();
        using var phone = app.CreatePhoneClient();

        var response = await phone.PostAsync("/snom/action/dnd-on?ext=201", new StringContent(new string('x', 5000)));

        var page = await PhonePage.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(["Die Anfrage ist zu lang. Bitte Action-URL prüfen."], page.Lines);
    }

    [Fact]
    public async Task AdminJson_OverTheLimit_Gets413ProblemDetailsNamingTheLimit()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["RequestLimits:AdminBodyBytes"] = "4096";
        using var admin = app.CreateAdminClient();
        await app.CreateExtensionAsync("201");

        using var body = new StringContent(JsonSerializer.Serialize(new { status = "dnd", note = new string('x', 5000) }), Encoding.UTF8, "application/json");
        var response = await admin.PutAsync("/api/extensions/201/status", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("RequestLimits:AdminBodyBytes", problem.GetProperty("limit").GetString());
        Assert.Equal(4096, problem.GetProperty("maxBytes").GetInt64());
        Assert.Contains("RequestLimits:AdminBodyBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(SnomPresence.Presence.PresenceStatus.Available, (await app.GetStoredStateAsync("201"))!.Status);
    }

    [Fact]
    public async Task CsvImport_OfFiveThousandPhonesWithPasswordsFits_ALargerOneIsRefusedNamingItsLimit()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["RequestLimits:AdminBodyBytes"] = "65536";
        using var admin = app.CreateAdminClient();
        var csv = new StringBuilder("mac,model,extensions,display_name,language,web_user,web_password\n");
        for (var i = 0; i < 5000; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"000413{i:X6},D785,{10000 + i} {20000 + i},Arbeitsplatz Nummer {i} im Erdgeschoss,de,admin,web-password-{i:D6}-0123456789\n");
        }

        using var fits = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var imported = await admin.PostAsync("/api/phones/import?dryRun=true", fits);

        Assert.True(csv.Length > 500_000, $"The CSV has only {csv.Length} bytes.");
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(5000, (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").GetInt32());

        await using var smaller = new SnomPresenceApp();
        smaller.Settings["RequestLimits:ImportBodyBytes"] = "262144";
        using var smallerAdmin = smaller.CreateAdminClient();
        using var tooLarge = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var refused = await smallerAdmin.PostAsync("/api/phones/import", tooLarge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("RequestLimits:ImportBodyBytes", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limit").GetString());
        Assert.Empty(await ((SnomPresence.Presence.IPhoneInventory)smaller.Services.GetService(typeof(SnomPresence.Presence.IPhoneInventory))!).ListAsync(default));
    }

    [Fact]
    public async Task RealProcess_HeadersOverTheLimit_AreRefusedByKestrel_ChunkedAdminBodiesNameTheLimit_ImportsGetTheirOwn()
    {
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Admin:ApiKey"] = SnomPresenceApp.ApiKey,
            ["RequestLimits:HeaderBytes"] = "8192",
            ["RequestLimits:AdminBodyBytes"] = "4096",
        });
        using var client = service.CreateClient();

        using var bigHeader = new HttpRequestMessage(HttpMethod.Get, "/snom/status?ext=201");
        bigHeader.Headers.Add("X-Padding", new string('x', 9000));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await client.SendAsync(bigHeader)).StatusCode);

        using var chunked = new HttpRequestMessage(HttpMethod.Put, "/api/extensions/201/status");
        chunked.Headers.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        chunked.Content = new ChunkedJson("{\"status\":\"dnd\",\"note\":\"" + new string('x', 8000) + "\"}");
        var refused = await client.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("RequestLimits:AdminBodyBytes", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limit").GetString());

        // An import larger than the JSON limit is read to its own limit, by Kestrel too.
        var csv = "mac,model,extensions\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"000413{i:X6},D785,{1000 + i}\n"));
        using var import = new HttpRequestMessage(HttpMethod.Post, "/api/phones/import?dryRun=true") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        import.Headers.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        var imported = await client.SendAsync(import);

        Assert.True(csv.Length > 4096);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(400, (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").GetInt32());
    }

    /// <summary>JSON sent without a Content-Length, so only reading the body finds out how large it is.</summary>
    private sealed class ChunkedJson : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedJson(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
