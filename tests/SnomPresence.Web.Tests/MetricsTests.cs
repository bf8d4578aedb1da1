using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SnomPresence.Web.Tests.Pbx;

namespace SnomPresence.Web.Tests;

/// <summary>The Prometheus scrape at <c>/metrics</c> counts what phones, pushes and the PBX sync really did.</summary>
/// <remarks>
/// Meters are heard process-wide, so a service under test would also count the requests of services other tests
/// run at the same time; these tests run alone. A real deployment has one service per process.
/// </remarks>
[Collection(RunsAlone.Name)]
public sealed partial class MetricsTests
{
    [Fact]
    public async Task Scrape_CountsDndPressesRequestsPerRoutePushesAndPbxLag()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        using var phone = new FakeSnomPhone();
        await using var app = new SnomPresenceApp().WithThreeCx(pbx).PushingTo(phone);
        using var client = app.CreatePhoneClient(phone);
        // The first poll creates 201 before any press; racing the press, its creation would be a change to push.
        await SnomPresenceApp.EventuallyAsync(async () => await app.GetStoredStateAsync("201") is not null, "the first poll created 201");

        await client.GetAsync("/snom/action/dnd-on?ext=201");
        await client.GetAsync("/snom/action/dnd-on?ext=201");
        await client.GetAsync("/snom/status?ext=201");
        await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office", "3CX has the change");
        await app.SetStatusAsync("201", "available");
        await SnomPresenceApp.EventuallyAsync(
            () => phone.Dnd == false && pbx.User("201").Profile == "Available",
            $"the phone and 3CX followed the admin (phone {phone.Dnd}, 3CX {pbx.User("201").Profile}, phone saw {string.Join(" ", phone.Requests)}; "
            + string.Join(" | ", app.Logs.Events.Where(e => e.EventId() is >= 2001 and < 2010 or >= 5001 and < 5010).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture))) + ")");

        var scrape = await ScrapeAsync(client, s => s.Value("snompresence_pbx_outbox_depth") == 0 && s.Value("snompresence_pbx_deliveries_total", ("outcome", "accepted")) == pbx.Patches.Count);

        Assert.Equal(1, scrape.Value("snompresence_phone_dnd_toggles_total", ("dnd", "on"), ("outcome", "changed")));
        Assert.Equal(1, scrape.Value("snompresence_phone_dnd_toggles_total", ("dnd", "on"), ("outcome", "unchanged")));
        Assert.Equal(2, scrape.Value("http_server_request_duration_seconds_count", ("http_route", "/snom/action/dnd-on"), ("http_response_status_code", "200")));
        Assert.Equal(1, scrape.Value("http_server_request_duration_seconds_count", ("http_route", "/snom/status"), ("http_response_status_code", "200")));
        // The phone's own presses are never pushed back to it: the one DND push is the admin's change.
        Assert.Equal(1, scrape.Value("snompresence_phone_pushes_total", ("kind", "dnd"), ("outcome", "sent")));
        Assert.Equal(["/dummy.htm?settings=save&dnd_mode=off"], phone.Accepted.Select(r => r.PathAndQuery));
        Assert.Equal(pbx.Patches.Count, scrape.Value("snompresence_pbx_sync_lag_seconds_count"));
        Assert.InRange(scrape.Value("snompresence_pbx_sync_lag_seconds_sum")!.Value, 0, 30);
    }

    [Fact]
    public async Task Scrape_DuringAPbxOutage_ShowsTheWaitingChangeAndTheFailures()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var client = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();
        pbx.Stop();

        await client.GetAsync("/snom/action/dnd-on?ext=201");

        var scrape = await ScrapeAsync(client, s => s.Value("snompresence_pbx_outbox_depth") == 1 && s.Value("snompresence_pbx_deliveries_total", ("outcome", "failed")) >= 1);
        Assert.True(scrape.Value("snompresence_pbx_outbox_oldest_age_seconds") >= 0);
        Assert.Null(scrape.Value("snompresence_pbx_deliveries_total", ("outcome", "accepted")));
    }

    [Theory]
    [InlineData(null, "127.0.0.1", HttpStatusCode.OK)]
    [InlineData(null, "::1", HttpStatusCode.OK)]
    [InlineData(null, "10.1.2.3", HttpStatusCode.Forbidden)]
    [InlineData("10.0.0.0/8", "10.1.2.3", HttpStatusCode.OK)]
    [InlineData("10.0.0.0/8", "127.0.0.1", HttpStatusCode.Forbidden)]
    public async Task Scrape_OnlyFromThisHostUnlessNetworksAreListed(string? allowed, string caller, HttpStatusCode expected)
    {
        await using var app = new SnomPresenceApp();
        if (allowed is not null)
        {
            app.Settings["Metrics:AllowedNetworks:0"] = allowed;
        }

        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(SnomPresenceApp.RemoteAddressHeader, caller);

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, (await response.Content.ReadAsStringAsync()).Contains("# TYPE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadScraperNetwork_StopsStartUpNamingTheKey()
    {
        await using var app = new SnomPresenceApp();
        app.Settings["Metrics:AllowedNetworks:0"] = "10.0.0.0/33";

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Metrics:AllowedNetworks:0", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient client, Func<Scrape, bool> until)
    {
        Scrape scrape = new([]);
        await SnomPresenceApp.EventuallyAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
                request.Headers.Add(SnomPresenceApp.RemoteAddressHeader, "127.0.0.1");
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
                scrape = Scrape.Parse(await response.Content.ReadAsStringAsync());
                return until(scrape);
            },
            "the scrape shows the expected figures: " + string.Join("; ", scrape.Samples.Where(x => x.Name.StartsWith("snompresence", StringComparison.Ordinal)).Select(x => $"{x.Name}{{{string.Join(",", x.Labels.Select(l => l.Key + "=" + l.Value))}}}={x.Value}")));
        return scrape;
    }

    /// <summary>Samples of the Prometheus text format: name, labels, value.</summary>
    private sealed partial record Scrape(IReadOnlyList<(string Name, Dictionary<string, string> Labels, double Value)> Samples)
    {
        public static Scrape Parse(string text) => new([.. text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => SampleLine().Match(line))
            .Where(match => match.Success)
            .Select(match => (
                match.Groups["name"].Value,
                LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value),
                double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)))]);

        /// <summary>The sum of the samples with that name carrying all the given labels; null when there is none.</summary>
        public double? Value(string name, params (string Key, string Value)[] labels)
        {
            var matching = Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
            return matching.Count == 0 ? null : matching.Sum(s => s.Value);
        }

        [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
        private static partial Regex SampleLine();

        [GeneratedRegex(""""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"""")]
        private static partial Regex LabelPair();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Metrics, alone";
}
