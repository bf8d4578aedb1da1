using System.Globalization;
using SnomPresence.Fleet.Load;
using SnomPresence.Fleet.Targets;

namespace SnomPresence.Fleet.Scenarios;

/// <summary>
/// A large office held in memory: every phone imported, provisioned, with its presence stored and its status
/// screen read once, so every cache holds what a running service would; then the service's footprint as it is,
/// without forcing a collection.
/// </summary>
internal static class Memory
{
    public static async Task RunAsync(FleetOptions options, Report report)
    {
        var count = options.MemoryPhones;
        Console.WriteLine($"== memory: {count:N0} extensions");
        await using var service = await Service.StartAsync(options, "memory");
        var scenario = string.Create(CultureInfo.InvariantCulture, $"memory, {count:N0} phones and extensions");
        var import = await Phones.ImportAsync(service, count);
        var boot = new Latencies();
        var (phones, booted) = await Phones.BootAsync(service, count, options.Connections, boot);
        var presence = System.Diagnostics.Stopwatch.GetTimestamp();
        await phones.SetUpPresenceAsync(service, options.Connections);
        var stored = System.Diagnostics.Stopwatch.GetElapsedTime(presence);
        using var client = LoadClient.Create(service.Address, options.Connections);
        var reads = new Latencies();
        var read = await ClosedLoop.RunAsync(count, options.Connections, async i => (await LoadClient.GetAsync(client, phones.StatusUrl(i))).Ok, reads);
        report.Add(scenario, "seeding", string.Create(CultureInfo.InvariantCulture,
            $"import {import.TotalSeconds:0.0} s, provisioning files {booted.TotalSeconds:0.0} s, first DND off each {stored.TotalSeconds:0.0} s, status screen each {read.TotalSeconds:0.0} s{(reads.Errors > 0 ? $" ({reads.Errors} failed)" : "")}"));

        await Task.Delay(TimeSpan.FromSeconds(3));
        var rss = service.ResidentMiB();
        var counters = await RuntimeCounters.ReadAsync(service.ProcessId, ["gc-heap-size", "gc-committed"], TimeSpan.FromSeconds(15));
        report.Add(scenario, "resident memory (VmRSS)", string.Create(CultureInfo.InvariantCulture, $"{rss:0} MiB"), "< 200 MB", rss * 1.048576 < 200);
        report.Add(scenario, "GC heap (gc-heap-size / gc-committed)", string.Create(CultureInfo.InvariantCulture,
            $"{Value(counters, "gc-heap-size")} / {Value(counters, "gc-committed")} MB"));
        if (options.Hold > 0)
        {
            Console.WriteLine($"   the service (process {service.ProcessId}) stays up {options.Hold} s for inspection, e.g. dotnet-gcdump collect -p {service.ProcessId}");
            await Task.Delay(TimeSpan.FromSeconds(options.Hold));
        }
    }

    private static string Value(IReadOnlyDictionary<string, double> counters, string name) =>
        counters.TryGetValue(name, out var value) ? value.ToString("0", CultureInfo.InvariantCulture) : "?";
}
