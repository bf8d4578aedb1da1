using System.Globalization;

namespace SnomPresence.Fleet;

/// <summary>What to run and how hard, from <c>--name value</c> pairs.</summary>
internal sealed class FleetOptions
{
    public const string Usage = """
        usage: SnomPresence.Fleet [--scenarios throughput,fleet,storm,keypress,memory] [--phones 1000]
               [--storm-phones 10000] [--memory-phones 100000] [--duration 10] [--connections 32]
               [--refresh 5] [--dnd-rate 20] [--fleet-duration 30] [--presses 200] [--no-wrk]
               [--service-args "--Key=value ..."] [--service path/SnomPresence.Web.dll] [--out results.md] [--hold 0]
        """;

    public static readonly string[] AllScenarios = ["throughput", "fleet", "storm", "keypress", "memory"];

    public required string Repository { get; init; }

    public HashSet<string> Scenarios { get; init; } = [.. AllScenarios];

    /// <summary>Phones of the throughput, fleet and key-press runs.</summary>
    public int Phones { get; init; } = 1000;

    public int StormPhones { get; init; } = 10_000;

    public int MemoryPhones { get; init; } = 100_000;

    /// <summary>Seconds of each closed-loop throughput run.</summary>
    public int Duration { get; init; } = 10;

    public int Connections { get; init; } = 32;

    /// <summary>Seconds between two status refreshes of one phone in the fleet run.</summary>
    public double Refresh { get; init; } = 5;

    /// <summary>DND presses per second across the fleet.</summary>
    public double DndRate { get; init; } = 20;

    public int FleetDuration { get; init; } = 30;

    public int Presses { get; init; } = 200;

    /// <summary>Closed-loop throughput with the C# client only, for machines without wrk.</summary>
    public bool NoWrk { get; init; }

    /// <summary>Extra settings for every service started, e.g. to lift per-address rate limits for the load generator.</summary>
    public IReadOnlyList<string> ServiceArgs { get; init; } = [];

    /// <summary>
    /// The service to measure: the Release build by default, or another build's <c>SnomPresence.Web.dll</c>, such as
    /// the output of <c>scripts/publish.sh</c>, which is what a server runs.
    /// </summary>
    public string? Service { get; init; }

    public string? Out { get; init; }

    /// <summary>Seconds the memory run's service stays up after it was measured, for dotnet-gcdump or dotnet-counters.</summary>
    public int Hold { get; init; }

    public static FleetOptions? Parse(string[] args, out string? problem)
    {
        problem = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"Unexpected argument '{args[i]}'.";
                return null;
            }

            if (args[i] == "--no-wrk")
            {
                flags.Add(args[i]);
            }
            else if (i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                problem = $"{args[i]} needs a value.";
                return null;
            }
        }

        try
        {
            var scenarios = values.TryGetValue("--scenarios", out var list)
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
                : [.. AllScenarios];
            if (scenarios.FirstOrDefault(s => !AllScenarios.Contains(s)) is { } unknown)
            {
                problem = $"--scenarios: '{unknown}' is not one of {string.Join(", ", AllScenarios)}.";
                return null;
            }

            int Int(string name, int fallback, int min) =>
                values.TryGetValue(name, out var v) ? Check(name, int.Parse(v, CultureInfo.InvariantCulture), min) : fallback;
            double Double(string name, double fallback) =>
                values.TryGetValue(name, out var v) ? Check(name, double.Parse(v, CultureInfo.InvariantCulture), 0.001) : fallback;

            return new FleetOptions
            {
                Repository = FindRepository(),
                Scenarios = scenarios,
                Phones = Int("--phones", 1000, 1),
                StormPhones = Int("--storm-phones", 10_000, 1),
                MemoryPhones = Int("--memory-phones", 100_000, 1),
                Duration = Int("--duration", 10, 1),
                Connections = Int("--connections", 32, 1),
                Refresh = Double("--refresh", 5),
                DndRate = Double("--dnd-rate", 20),
                FleetDuration = Int("--fleet-duration", 30, 1),
                Presses = Int("--presses", 200, 1),
                NoWrk = flags.Contains("--no-wrk"),
                ServiceArgs = values.TryGetValue("--service-args", out var extra) ? extra.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [],
                Service = values.TryGetValue("--service", out var service) ? Path.GetFullPath(service) : null,
                Out = values.GetValueOrDefault("--out"),
                Hold = Int("--hold", 0, 0),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            problem = ex.Message;
            return null;
        }
    }

    private static T Check<T>(string name, T value, T min)
        where T : IComparable<T> =>
        value.CompareTo(min) >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {min}.");

    /// <summary>The checkout this tool was built from, where the service build and bench/*.lua live.</summary>
    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SnomPresence.sln")))
            {
                return dir.FullName;
            }
        }

        throw new FormatException("SnomPresence.sln not found above the tool's folder; run the tool from its build output in the repository.");
    }
}
