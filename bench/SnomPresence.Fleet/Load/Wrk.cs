using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SnomPresence.Fleet.Load;

/// <summary>
/// wrk for closed-loop maximum throughput: on two shared cores it leaves the service far more CPU than any managed
/// client (the throughput run measures the bare endpoint with both to show it). Scripts are bench/*.lua.
/// </summary>
internal static partial class Wrk
{
    public static bool Available()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            probe!.WaitForExit();
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <param name="script">A bench/*.lua script, or null for plain GETs of <paramref name="url"/>.</param>
    public static async Task<WrkResult> RunAsync(string repository, Uri url, string? script, int connections, int seconds, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("wrk")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency" })
        {
            start.ArgumentList.Add(arg);
        }

        if (script is not null)
        {
            start.ArgumentList.Add("-s");
            start.ArgumentList.Add(Path.Combine("bench", script));
        }

        start.ArgumentList.Add(url.ToString());
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var wrk = Process.Start(start)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return wrk.ExitCode == 0 && Parse(output) is { } result ? result : throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {output}{errors}");
    }

    /// <summary>The rate, latency percentiles and non-2xx count of wrk's <c>--latency</c> report; null without a rate.</summary>
    internal static WrkResult? Parse(string output)
    {
        if (RequestsPerSecond().Match(output) is not { Success: true } rate)
        {
            return null;
        }

        double Percentile(string p) => Percentiles().Matches(output).FirstOrDefault(m => m.Groups[1].Value == p) is { } m
            ? double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * m.Groups[3].Value switch { "us" => 0.001, "s" => 1000, _ => 1 }
            : double.NaN;
        var failed = NonSuccess().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), Percentile("50"), Percentile("90"), Percentile("99"), failed);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentiles();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}

internal sealed record WrkResult(double PerSecond, double P50, double P90, double P99, long Failed)
{
    public string Percentiles => FormattableString.Invariant($"p50 {P50:0.00} ms, p90 {P90:0.00} ms, p99 {P99:0.00} ms");
}
