using System.Globalization;
using SnomPresence.Fleet.Load;
using SnomPresence.Fleet.Targets;

namespace SnomPresence.Fleet.Scenarios;

/// <summary>
/// One service with <see cref="FleetOptions.Phones"/> phones: closed-loop maximum throughput of status screens,
/// durable DND toggles and the bare endpoint (its own process, measured the same way in the same run), then the
/// open-loop fleet.
/// </summary>
internal static class PhoneTraffic
{
    public static async Task RunAsync(FleetOptions options, bool useWrk, Report report)
    {
        Console.WriteLine($"== phone traffic: {options.Phones:N0} phones");
        await using var service = await Service.StartAsync(options, "traffic");
        await Phones.ImportAsync(service, options.Phones);
        var (phones, _) = await Phones.BootAsync(service, options.Phones, options.Connections, new Latencies());
        await phones.SetUpPresenceAsync(service, options.Connections);
        if (options.Scenarios.Contains("throughput"))
        {
            await MaxThroughputAsync(options, useWrk, service, phones, report);
        }

        if (options.Scenarios.Contains("fleet"))
        {
            await FleetAsync(options, service, phones, report);
        }
    }

    private static async Task MaxThroughputAsync(FleetOptions options, bool useWrk, Service service, Phones phones, Report report)
    {
        await using var bare = await BareEndpoint.StartAsync(service.Directory);
        var scenario = string.Create(CultureInfo.InvariantCulture, $"max throughput, {options.Phones:N0} phones, {options.Connections} connections, {options.Duration} s");
        var tokens = phones.WriteLuaTokens(service.Directory);
        var environment = new Dictionary<string, string> { ["BENCH_TOKENS"] = tokens, ["BENCH_PHONES"] = phones.Count.ToString(CultureInfo.InvariantCulture) };
        var statusUrl = new Uri(service.Address, "/");
        var bareUrl = new Uri(bare.Address, "/");
        var c = options.Connections;

        if (useWrk)
        {
            // Tiered JIT: the first seconds run unoptimised code, so every path is warmed up before it is measured.
            foreach (var (url, script) in new[] { (statusUrl, "status.lua"), (statusUrl, "toggle.lua"), (bareUrl, (string?)null), (new Uri(service.Address, "/health/live"), null) })
            {
                await Wrk.RunAsync(options.Repository, url, script, c, 3, environment);
            }

            var bareRun = await Wrk.RunAsync(options.Repository, bareUrl, null, c, options.Duration, environment);
            var status = await Wrk.RunAsync(options.Repository, statusUrl, "status.lua", c, options.Duration, environment);
            var toggles = await Wrk.RunAsync(options.Repository, statusUrl, "toggle.lua", c, options.Duration, environment);
            var live = await Wrk.RunAsync(options.Repository, new Uri(service.Address, "/health/live"), null, c, options.Duration, environment);
            var ratio = status.PerSecond / bareRun.PerSecond;
            report.Add(scenario + " (wrk)", "bare Kestrel endpoint (own process)", $"{Report.Rate(bareRun.PerSecond)}, {bareRun.Percentiles}");
            report.Add(scenario + " (wrk)", "GET /snom/status with token", $"{Report.Rate(status.PerSecond)}, {status.Percentiles}{Failed(status.Failed)}");
            report.Add(scenario + " (wrk)", "status / bare", ratio.ToString("0%", CultureInfo.InvariantCulture), "≥ 80%", ratio >= 0.8);
            report.Add(scenario + " (wrk)", "status p99", Report.Ms(status.P99), "< 5 ms", status.P99 < 5);
            report.Add(scenario + " (wrk)", "GET /snom/action/dnd-on, dnd-off (durable)", $"{Report.Rate(toggles.PerSecond)}, {toggles.Percentiles}{Failed(toggles.Failed)}", "≥ 5,000/s", toggles.PerSecond >= 5000);
            report.Add(scenario + " (wrk)", "GET /health/live (service pipeline)", $"{Report.Rate(live.PerSecond)}, {live.Percentiles}");
            // Each toggle is followed by a push (the Status key's LED page) and the phone loading that page.
            report.Add(scenario, "pushes the phones took / LED pages they loaded (failed)", string.Create(CultureInfo.InvariantCulture,
                $"{service.Phones.Pushes:N0} / {service.Phones.PagesShown:N0} ({service.Phones.PageFailures:N0})"));
        }

        // The same comparison with the C# client: it shows what the load generator itself costs on the same cores.
        using var bareClient = LoadClient.Create(bare.Address, c);
        using var serviceClient = LoadClient.Create(service.Address, c);
        var warm = TimeSpan.FromSeconds(3);
        var duration = TimeSpan.FromSeconds(options.Duration);
        await ClosedLoop.RunForAsync(warm, c, async _ => (await LoadClient.GetAsync(bareClient, "/")).Ok, new Latencies());
        await ClosedLoop.RunForAsync(warm, c, async i => (await LoadClient.GetAsync(serviceClient, phones.StatusUrl(i % phones.Count))).Ok, new Latencies());
        var bareLatencies = new Latencies();
        var bareTook = await ClosedLoop.RunForAsync(duration, c, async _ => (await LoadClient.GetAsync(bareClient, "/")).Ok, bareLatencies);
        var statusLatencies = new Latencies();
        var statusTook = await ClosedLoop.RunForAsync(duration, c, async i => (await LoadClient.GetAsync(serviceClient, phones.StatusUrl(i % phones.Count))).Ok, statusLatencies);
        var bareSummary = bareLatencies.Summarize();
        var statusSummary = statusLatencies.Summarize();
        var bareRate = bareSummary.Count / bareTook.TotalSeconds;
        var statusRate = statusSummary.Count / statusTook.TotalSeconds;
        var csRatio = statusRate / bareRate;
        report.Add(scenario + " (C# client)", "bare Kestrel endpoint (own process)", $"{Report.Rate(bareRate)}, {bareSummary.Percentiles}");
        report.Add(scenario + " (C# client)", "GET /snom/status with token", $"{Report.Rate(statusRate)}, {statusSummary.Percentiles}{Failed(statusSummary.Errors)}");
        report.Add(scenario + " (C# client)", "status / bare", csRatio.ToString("0%", CultureInfo.InvariantCulture), useWrk ? "" : "≥ 80%", useWrk ? null : csRatio >= 0.8);
        if (!useWrk)
        {
            var toggles = new Latencies();
            var on = new bool[phones.Count];
            var took = await ClosedLoop.RunForAsync(duration, c, async i =>
            {
                var phone = i % phones.Count;
                on[phone] = !on[phone];
                return (await LoadClient.GetAsync(serviceClient, phones.DndUrl(phone, on[phone]))).Ok;
            }, toggles);
            var summary = toggles.Summarize();
            report.Add(scenario + " (C# client)", "status p99", Report.Ms(statusSummary.P99), "< 5 ms", statusSummary.P99 < 5);
            report.Add(scenario + " (C# client)", "GET /snom/action/dnd-on, dnd-off (durable)", $"{Report.Rate(summary.Count / took.TotalSeconds)}, {summary.Percentiles}{Failed(summary.Errors)}", "≥ 5,000/s", summary.Count / took.TotalSeconds >= 5000);
        }
    }

    private static async Task FleetAsync(FleetOptions options, Service service, Phones phones, Report report)
    {
        var statusRate = phones.Count / options.Refresh;
        var scenario = string.Create(CultureInfo.InvariantCulture, $"fleet (open loop), {phones.Count:N0} phones refreshing every {options.Refresh} s + {options.DndRate} DND presses/s, {options.FleetDuration} s");
        var duration = TimeSpan.FromSeconds(options.FleetDuration);
        using var client = LoadClient.Create(service.Address, 256);
        var statusLatencies = new Latencies();
        var dndLatencies = new Latencies();
        var on = new bool[phones.Count];
        var random = new Random(8);
        var statusRun = OpenLoop.RunAsync(statusRate, duration, async i => (await LoadClient.GetAsync(client, phones.StatusUrl((int)(i % phones.Count)))).Ok, statusLatencies);
        var dndRun = OpenLoop.RunAsync(options.DndRate, duration, async i =>
        {
            int phone;
            bool press;
            lock (on)
            {
                phone = random.Next(phones.Count);
                press = on[phone] = !on[phone];
            }

            return (await LoadClient.GetAsync(client, phones.DndUrl(phone, press))).Ok;
        }, dndLatencies);
        await Task.WhenAll(statusRun, dndRun);
        var status = statusLatencies.Summarize();
        var dnd = dndLatencies.Summarize();
        report.Add(scenario, "status screens", string.Create(CultureInfo.InvariantCulture,
            $"{Report.Rate(status.Count / duration.TotalSeconds)} of {Report.Rate(statusRate)} scheduled, {status.Percentiles}{Failed(status.Errors)}"), "p99 < 5 ms", status.P99 < 5);
        report.Add(scenario, "DND presses", string.Create(CultureInfo.InvariantCulture,
            $"{Report.Rate(dnd.Count / duration.TotalSeconds)} of {Report.Rate(options.DndRate)} scheduled, {dnd.Percentiles}{Failed(dnd.Errors)}"));
    }

    private static string Failed(long failed) => failed > 0 ? $", {failed} failed" : "";
}
