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

        if (options.Scenarios.Contains("throughput") || options.Scenarios.Contains("fleet"))
        {
            await PhoneTraffic.RunAsync(options, useWrk, report);
        }

        if (options.Scenarios.Contains("storm"))
        {
            await BootStorm.RunAsync(options, report);
        }

        if (options.Scenarios.Contains("keypress"))
        {
            await KeyPress.RunAsync(options, report);
        }

        if (options.Scenarios.Contains("memory"))
        {
            await Memory.RunAsync(options, report);
        }

        var table = report.ToMarkdown(machine);
        Console.WriteLine();
        Console.WriteLine(table);
        if (options.Out is { } path)
        {
            await File.WriteAllTextAsync(path, table);
        }

        return 0;
    }
}
