using System.Diagnostics;

namespace SnomPresence.Fleet.Load;

/// <summary>Every latency of one run, in Stopwatch ticks, with its errors; percentiles by sorting at the end.</summary>
internal sealed class Latencies
{
    private readonly List<long> _ticks = [];
    private long _errors;

    public int Count
    {
        get
        {
            lock (_ticks)
            {
                return _ticks.Count;
            }
        }
    }

    public long Errors => Interlocked.Read(ref _errors);

    public void Add(long ticks)
    {
        lock (_ticks)
        {
            _ticks.Add(ticks);
        }
    }

    public void AddSince(long startTimestamp) => Add(Stopwatch.GetTimestamp() - startTimestamp);

    public void Error() => Interlocked.Increment(ref _errors);

    public Summary Summarize()
    {
        long[] sorted;
        lock (_ticks)
        {
            sorted = [.. _ticks];
        }

        Array.Sort(sorted);
        double At(double quantile) => sorted.Length == 0 ? double.NaN
            : Ms(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)]);
        return new Summary(sorted.Length, Errors, At(0.5), At(0.9), At(0.99), At(0.999), sorted.Length == 0 ? double.NaN : Ms(sorted[^1]));
    }

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record Summary(int Count, long Errors, double P50, double P90, double P99, double P999, double Max)
{
    public string Percentiles => FormattableString.Invariant($"p50 {P50:0.00} ms, p90 {P90:0.00} ms, p99 {P99:0.00} ms, p99.9 {P999:0.00} ms, max {Max:0.0} ms");
}
