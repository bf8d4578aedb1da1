using System.Diagnostics;
using SnomPresence.Fleet.Load;

namespace SnomPresence.Fleet.Tests;

public class MeasurementTests
{
    [Fact]
    public void Summarize_HundredLatencies_ReportsNearestRankPercentilesAndErrors()
    {
        var latencies = new Latencies();
        for (var ms = 100; ms >= 1; ms--)
        {
            latencies.Add(Stopwatch.Frequency * ms / 1000);
        }

        latencies.Error();

        var summary = latencies.Summarize();

        Assert.Equal(100, summary.Count);
        Assert.Equal(1, summary.Errors);
        Assert.Equal(50, summary.P50, 3);
        Assert.Equal(90, summary.P90, 3);
        Assert.Equal(99, summary.P99, 3);
        Assert.Equal(100, summary.P999, 3);
        Assert.Equal(100, summary.Max, 3);
    }

    [Fact]
    public async Task OpenLoop_TargetSlowerThanSchedule_CountsWaitingFromTheDueTime()
    {
        // One request at a time, 10 ms each, while 200/s are due: the queue grows for half a second.
        using var server = new SemaphoreSlim(1, 1);
        var latencies = new Latencies();

        var scheduled = await OpenLoop.RunAsync(200, TimeSpan.FromSeconds(0.5), async _ =>
        {
            await server.WaitAsync();
            try
            {
                await Task.Delay(10);
                return true;
            }
            finally
            {
                server.Release();
            }
        }, latencies);

        var summary = latencies.Summarize();
        Assert.Equal(100, scheduled);
        Assert.Equal(100, summary.Count);
        // The last request was due at 0.5 s and served after the 99 before it (at least 1 s of work).
        Assert.True(summary.Max >= 450, $"max {summary.Max} ms hides the queue");
        Assert.True(summary.P50 >= 100, $"p50 {summary.P50} ms hides the queue");
    }

    [Fact]
    public async Task ClosedLoop_Count_RunsEachIndexOnceAndRecordsFailures()
    {
        var seen = new int[50];
        var latencies = new Latencies();

        await ClosedLoop.RunAsync(50, 8, async i =>
        {
            await Task.Yield();
            Interlocked.Increment(ref seen[i]);
            return i % 10 != 0;
        }, latencies);

        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.Equal(45, latencies.Count);
        Assert.Equal(5, latencies.Errors);
    }

    [Fact]
    public void WrkParse_LatencyReport_ReadsRatePercentilesInMillisecondsAndFailures()
    {
        const string Output = """
            Running 10s test @ http://127.0.0.1:5090
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.61ms    2.10ms  45.20ms   90.12%
                Req/Sec    10.21k     1.02k   12.00k    70.00%
              Latency Distribution
                 50%  850.00us
                 75%    1.50ms
                 90%    3.20ms
                 99%    1.20s
              203456 requests in 10.00s, 120.00MB read
              Non-2xx or 3xx responses: 17
            Requests/sec:  20345.60
            Transfer/sec:     12.00MB
            """;

        var result = Wrk.Parse(Output);

        Assert.NotNull(result);
        Assert.Equal(20345.60, result.PerSecond, 2);
        Assert.Equal(0.85, result.P50, 3);
        Assert.Equal(3.2, result.P90, 3);
        Assert.Equal(1200, result.P99, 3);
        Assert.Equal(17, result.Failed);
    }

    [Fact]
    public void WrkParse_OutputWithoutRate_IsNull() => Assert.Null(Wrk.Parse("unable to connect to 127.0.0.1:1 Connection refused"));

    [Fact]
    public void Parse_UnknownScenario_NamesItAndTheKnownOnes()
    {
        var options = FleetOptions.Parse(["--scenarios", "fleet,storms"], out var problem);

        Assert.Null(options);
        Assert.Contains("'storms'", problem, StringComparison.Ordinal);
        Assert.Contains("keypress", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Values_OverrideDefaultsAndSplitServiceArgs()
    {
        var options = FleetOptions.Parse(["--phones", "10000", "--refresh", "0.5", "--service-args", "--A=1 --B:C=2", "--no-wrk"], out var problem);

        Assert.Null(problem);
        Assert.NotNull(options);
        Assert.Equal(10_000, options.Phones);
        Assert.Equal(0.5, options.Refresh);
        Assert.Equal(["--A=1", "--B:C=2"], options.ServiceArgs);
        Assert.True(options.NoWrk);
        Assert.Equal(FleetOptions.AllScenarios.Length, options.Scenarios.Count);
        Assert.True(File.Exists(Path.Combine(options.Repository, "SnomPresence.sln")));
    }
}
