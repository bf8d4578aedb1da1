using System.Diagnostics;

namespace SnomPresence.Fleet.Load;

/// <summary>
/// Requests sent at fixed times whether or not earlier ones have answered, as a fleet of phones does; latency
/// counts from the time a request was due, so waiting in any queue (the client's connection pool included) is
/// part of it rather than hidden by a slower send rate.
/// </summary>
internal static class OpenLoop
{
    /// <returns>How many requests were scheduled.</returns>
    public static async Task<long> RunAsync(double perSecond, TimeSpan duration, Func<long, Task<bool>> request, Latencies latencies)
    {
        var total = (long)(perSecond * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / perSecond;
        var inFlight = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            var wait = due - Stopwatch.GetTimestamp();
            // Timers tick in milliseconds: a request due within the next one goes now, and then counts from its
            // actual send, so sending early never shortens a latency.
            if (wait > Stopwatch.Frequency / 1000)
            {
                await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            }

            inFlight.Add(SendAsync(i, due));
            if (inFlight.Count >= 4096)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(inFlight);
        return total;

        async Task SendAsync(long index, long due)
        {
            var from = Math.Min(due, Stopwatch.GetTimestamp());
            if (await request(index))
            {
                latencies.AddSince(from);
            }
            else
            {
                latencies.Error();
            }
        }
    }
}
