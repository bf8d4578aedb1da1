using System.Diagnostics;

namespace SnomPresence.Fleet.Load;

/// <summary>
/// A fixed number of workers, each sending its next request as soon as the previous one answered: the most the
/// target serves at that concurrency, with each request's own latency.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>Runs <paramref name="request"/> once for each index in 0..count-1, <paramref name="workers"/> at a time.</summary>
    /// <returns>The wall time from the first send to the last answer.</returns>
    public static async Task<TimeSpan> RunAsync(int count, int workers, Func<int, Task<bool>> request, Latencies latencies)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(workers, count)).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var sent = Stopwatch.GetTimestamp();
                if (await request(i))
                {
                    latencies.AddSince(sent);
                }
                else
                {
                    latencies.Error();
                }
            }
        })));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Like <see cref="RunAsync(int, int, Func{int, Task{bool}}, Latencies)"/> for a duration instead of a count.</summary>
    public static async Task<TimeSpan> RunForAsync(TimeSpan duration, int workers, Func<int, Task<bool>> request, Latencies latencies)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var sent = Stopwatch.GetTimestamp();
                if (await request(Interlocked.Increment(ref next)))
                {
                    latencies.AddSince(sent);
                }
                else
                {
                    latencies.Error();
                }
            }
        })));
        return Stopwatch.GetElapsedTime(started);
    }
}
