using SnomPresence.Fleet.Scenarios;

namespace SnomPresence.Fleet;

/// <summary>Runs the chosen scenarios one after another, each against services of its own, and prints the table.</summary>
internal static class FleetRun
{
    public static async Task<int> RunAsync(FleetOptions options)
    {
        var machine = Report.Machine();
        Console.WriteLine($"Machine: {machine}");
        var report = new Report();
        var useWrk = !options.NoWrk && Load.Wrk.Available();
        if (!useWrk && !options.NoWrk)
        {
            Console.WriteLine("wrk is missing (apt-get install wrk); closed-loop throughput runs with the C# client instead.");
        }

        var failed = false;
        async Task RunAsync(string name, Func<Task> scenario)
        {
            try
            {
                await scenario();
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or TimeoutException)
            {
                // One broken scenario still leaves the others' figures.
                failed = true;
                report.Add(name, "failed", ex.Message.ReplaceLineEndings(" ").Trim());
            }
        }

        if (options.Scenarios.Contains("throughput") || options.Scenarios.Contains("fleet"))
        {
            await RunAsync("throughput/fleet", () => PhoneTraffic.RunAsync(options, useWrk, report));
        }

        if (options.Scenarios.Contains("storm"))
        {
            await RunAsync("storm", () => BootStorm.RunAsync(options, report));
        }

        if (options.Scenarios.Contains("keypress"))
        {
            await RunAsync("keypress", () => KeyPress.RunAsync(options, report));
        }

        if (options.Scenarios.Contains("memory"))
        {
            await RunAsync("memory", () => Memory.RunAsync(options, report));
        }

        var table = report.ToMarkdown(machine);
        Console.WriteLine();
        Console.WriteLine(table);
        if (options.Out is { } path)
        {
            await File.WriteAllTextAsync(path, table);
        }

        return failed ? 1 : 0;
    }
}
