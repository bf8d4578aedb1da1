using System.Globalization;
using SnomPresence.Fleet.Load;
using SnomPresence.Fleet.Targets;

namespace SnomPresence.Fleet.Scenarios;

/// <summary>
/// All phones of an office fetching their provisioning files at once (after a power cut, say), with the
/// provisioning login, as fast as the service lets them.
/// </summary>
internal static class BootStorm
{
    /// <summary>Phones of the storm asking at the same time.</summary>
    private const int Concurrency = 64;

    public static async Task RunAsync(FleetOptions options, Report report)
    {
        var count = options.StormPhones;
        Console.WriteLine($"== boot storm: {count:N0} phones");
        await using var service = await Service.StartAsync(options, "storm");
        var import = await Phones.ImportAsync(service, count);
        var scenario = string.Create(CultureInfo.InvariantCulture, $"boot storm, {count:N0} phones, {Concurrency} at a time");
        report.Add(scenario, "CSV import through the admin API", string.Create(CultureInfo.InvariantCulture, $"{import.TotalSeconds:0.0} s"));

        // A running service has served files before; the storm should not measure the JIT compiling the path.
        await Phones.BootAsync(service, Math.Min(count, 500), Concurrency, new Latencies());
        var latencies = new Latencies();
        var (_, took) = await Phones.BootAsync(service, count, Concurrency, latencies);
        var summary = latencies.Summarize();
        report.Add(scenario, "all provisioning files served", string.Create(CultureInfo.InvariantCulture, $"{took.TotalSeconds:0.00} s"), "< 10 s", took.TotalSeconds < 10);
        report.Add(scenario, "GET /provisioning/snomD785-MAC.htm", $"{Report.Rate(summary.Count / took.TotalSeconds)}, {summary.Percentiles}");

        // The same storm again, with every phone in the service's caches: what rendering and serving cost alone.
        var again = new Latencies();
        var (_, tookAgain) = await Phones.BootAsync(service, count, Concurrency, again);
        var againSummary = again.Summarize();
        report.Add(scenario, "the same storm again (phones cached)", string.Create(CultureInfo.InvariantCulture,
            $"{tookAgain.TotalSeconds:0.00} s, {Report.Rate(againSummary.Count / tookAgain.TotalSeconds)}, {againSummary.Percentiles}"));
    }
}
