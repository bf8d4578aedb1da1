using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SnomPresence.Fleet;

/// <summary>The run's figures as one Markdown table, with the machine they were measured on.</summary>
internal sealed class Report
{
    private readonly List<(string Scenario, string Measure, string Result, string Target, bool? Met)> _rows = [];

    public void Add(string scenario, string measure, string result, string target = "", bool? met = null)
    {
        _rows.Add((scenario, measure, result, target, met));
        Console.WriteLine($"   {scenario} | {measure}: {result}{(target.Length > 0 ? $" (target {target}: {Verdict(met)})" : "")}");
    }

    public static string Machine()
    {
        string Field(string file, string prefix) =>
            File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim(' ', '\t', ':', '"') ?? "?" : "?";
        var cpu = Field("/proc/cpuinfo", "model name");
        var memKb = long.TryParse(Field("/proc/meminfo", "MemTotal").Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture, out var kb) ? kb : 0;
        var os = Field("/etc/os-release", "PRETTY_NAME=");
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"{cpu}, {Environment.ProcessorCount} cores, {memKb / 1024.0 / 1024.0:0.#} GiB RAM, {os}, {RuntimeInformation.FrameworkDescription}; load average at start {load}");
    }

    public string ToMarkdown(string machine)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}").AppendLine();
        text.AppendLine("| scenario | measure | result | target | met |").AppendLine("|---|---|---|---|---|");
        foreach (var (scenario, measure, result, target, met) in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(scenario)} | {Cell(measure)} | {Cell(result)} | {target} | {Verdict(met)} |");
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Verdict(bool? met) => met switch
    {
        true => "yes",
        false => "**no**",
        null => "",
    };

    public static string Rate(double perSecond) => perSecond.ToString("#,0", CultureInfo.InvariantCulture) + "/s";

    public static string Ms(double ms) => ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms";
}
