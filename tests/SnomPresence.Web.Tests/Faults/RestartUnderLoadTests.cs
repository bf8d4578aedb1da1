using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using SnomPresence.Web.Tests.MultiInstance;
using SnomPresence.Web.Tests.Pbx;
using Xunit.Abstractions;

namespace SnomPresence.Web.Tests.Faults;

/// <summary>SQLite, the default store: the full number of kill cycles.</summary>
public sealed class SqliteCrashTests(ITestOutputHelper output) : RestartUnderLoadTests(output, provider: null, cycles: 20, ServiceEnd.Kill)
{
    [Fact]
    public Task DndStream_Kill9Repeatedly_EveryAcknowledgedChangeStoredInOrder_AndLatestReachesThreeCx() => PressThroughRestartsAsync();
}

/// <summary>
/// PostgreSQL commits before the phone's 200 just as SQLite does; fewer cycles, as each start also migrates and
/// opens its LISTEN connection. Redis has no variant: killing the service leaves Redis running with every change in
/// memory, and what keeps it across a Redis crash is AOF with <c>appendfsync always</c>, which scripts/test-servers.sh
/// does not turn on.
/// </summary>
public sealed class PostgresCrashTests(ITestOutputHelper output) : RestartUnderLoadTests(output, provider: "Postgres", cycles: 10, ServiceEnd.Kill)
{
    [Fact]
    public Task DndStream_Kill9Repeatedly_EveryAcknowledgedChangeStoredInOrder_AndLatestReachesThreeCx() => PressThroughRestartsAsync();
}

/// <summary>
/// SIGTERM instead of kill -9, as systemd and container runtimes stop a service: presses in flight when the stop
/// begins are answered and stored, nothing unanswered is stored, the SQLite group commit is flushed, and the process
/// exits 0 every time.
/// </summary>
public sealed class SqliteGracefulStopTests(ITestOutputHelper output) : RestartUnderLoadTests(output, provider: null, cycles: 5, ServiceEnd.Term)
{
    [Fact]
    public Task DndStream_SigtermRepeatedly_ExitsZero_EveryAcknowledgedChangeAndNothingElseStoredInOrder_AndLatestReachesThreeCx() => PressThroughRestartsAsync();
}

/// <summary>How each cycle ends the service.</summary>
public enum ServiceEnd
{
    /// <summary>SIGKILL: no shutdown at all.</summary>
    Kill,

    /// <summary>SIGTERM: a graceful stop.</summary>
    Term,
}

/// <summary>
/// The real service process ended again and again, under a steady stream of presses from several phones. After
/// kill -9, every press a phone got a 2xx for is stored afterwards, in the order it was made; a press that met the
/// kill without an answer may be stored or not, but nothing is half-stored. After SIGTERM exactly the acknowledged
/// presses are stored. Either way 3CX ends with every extension's state. <c>SNOMPRESENCE_SOAK_CYCLES</c> sets the
/// number of cycles for a soak run.
/// </summary>
public abstract class RestartUnderLoadTests(ITestOutputHelper output, string? provider, int cycles, ServiceEnd end) : IAsyncLifetime
{
    private static readonly string[] Extensions = ["201", "202", "203", "204", "205"];

    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-crash-").FullName;
    private SharedStore? _shared;

    public async Task InitializeAsync() => _shared = provider is null ? null : await SharedStore.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private string SqlitePath => Path.Combine(_folder, "presence.db");

    private int Cycles =>
        int.TryParse(Environment.GetEnvironmentVariable("SNOMPRESENCE_SOAK_CYCLES"), CultureInfo.InvariantCulture, out var soak) && soak > 0 ? soak : cycles;

    protected async Task PressThroughRestartsAsync()
    {
        using var pbx = new FakeThreeCx();
        for (var i = 0; i < Extensions.Length; i++)
        {
            pbx.AddUser(100 + i, Extensions[i]);
        }

        var settings = pbx.ServiceSettings();
        settings["Admin:ApiKey"] = SnomPresenceApp.ApiKey;
        // Durability is what is measured here. With pushes on, a push of a DND mode racing a press of the same phone
        // can take that press for its echo (acknowledged, not stored); see PushTests for pushes.
        settings["Phones:Push:Enabled"] = "false";
        foreach (var (key, value) in _shared?.Settings ?? new Dictionary<string, string> { ["Store:Sqlite:Path"] = SqlitePath })
        {
            settings[key] = value;
        }

        var phones = Extensions.Select(ext => new DeskPhone(ext)).ToList();
        var startUps = new List<TimeSpan>();
        var outputs = new List<string>();
        var pressing = TimeSpan.Zero;
        var stops = new List<TimeSpan>();
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            var started = Stopwatch.StartNew();
            await using var service = await ServiceProcess.StartAsync(settings);
            startUps.Add(started.Elapsed);
            using var client = service.CreateClient();
            using var stop = new CancellationTokenSource();
            phones.ForEach(p => p.StartCycle());
            var presses = phones.Select(p => Task.Run(() => p.PressUntilGoneAsync(client, stop.Token))).ToList();

            // Every phone gets some presses through, then the kill lands at a moment that varies from cycle to
            // cycle, so some presses are cut mid-request and some between requests.
            var pressed = Stopwatch.StartNew();
            await SnomPresenceApp.EventuallyAsync(() => phones.All(p => p.AnsweredThisCycle), "every phone got a press through");
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 400)));
            Assert.False(service.HasExited, $"The service ended before the {end}, so another may have answered the presses:\n{service.Output}");
            if (end == ServiceEnd.Kill)
            {
                await service.KillAsync();
            }
            else
            {
                phones.ForEach(p => p.StopBegins());
                stops.Add(await service.TerminateAsync(TimeSpan.FromSeconds(60)));
                Assert.True(service.ExitCode == 0, $"SIGTERM ended the service with exit code {service.ExitCode}:\n{service.Output}");
            }

            outputs.Add(service.Output);
            pressing += pressed.Elapsed;
            await stop.CancelAsync();
            await SnomPresenceApp.WithinAsync(Task.WhenAll(presses), "every press under way was answered or cut off");
            Assert.True(presses.All(p => p.IsCompletedSuccessfully), "a phone's loop failed");
        }

        var final = Stopwatch.StartNew();
        await using var restarted = await ServiceProcess.StartAsync(settings);
        startUps.Add(final.Elapsed);
        using var admin = restarted.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        var extensions = (await admin.GetFromJsonAsync<JsonElement>("/api/extensions")).EnumerateArray().ToList();
        var stored = extensions.ToDictionary(e => e.GetProperty("extension").GetString()!, e => e.GetProperty("status").GetString()!);
        var storedVersions = extensions.ToDictionary(e => e.GetProperty("extension").GetString()!, e => e.GetProperty("version").GetInt64());
        var history = await ReadHistoryAsync();

        foreach (var phone in phones)
        {
            Assert.Empty(phone.Refused);
            var statuses = history[phone.Extension].Where(h => h.Kind == "status").Select(h => h.Status).ToList();
            var acknowledged = phone.Acknowledged.Select(StatusId).ToList();
            // The press that met the last kill unanswered may have been stored; every acknowledged one must be, in
            // order. A graceful stop answers every press it stores.
            var withLastUnanswered = phone.Unanswered is { } last && end == ServiceEnd.Kill ? [.. acknowledged, StatusId(last)] : acknowledged;
            Assert.True(
                statuses.SequenceEqual(acknowledged) || statuses.SequenceEqual(withLastUnanswered),
                $"{phone.Extension}: {acknowledged.Count} acknowledged (then unanswered: {phone.Unanswered}, {phone.UnansweredBecause}), {statuses.Count} stored; first difference at {FirstDifference(acknowledged, statuses)}" +
                $"\nThe service in cycle {phone.CycleOf(FirstDifferenceIndex(acknowledged, statuses))} said:\n{outputs[Math.Min(phone.CycleOf(FirstDifferenceIndex(acknowledged, statuses)), outputs.Count - 1)]}");
            Assert.Equal(statuses[^1], stored[phone.Extension]);

            // No gap, no duplicate, and the state row agrees with its history: nothing half-written, on any store.
            var versions = history[phone.Extension].Select(h => h.Version).ToList();
            Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
            Assert.Equal(versions[^1], storedVersions[phone.Extension]);
        }

        // SQLite's own check of its file; PostgreSQL checks its pages itself, and its rows are checked above.
        if (_shared is null)
        {
            Assert.Equal("ok", await SqliteIntegrityAsync());
        }
        await SnomPresenceApp.EventuallyAsync(
            () => phones.All(p => pbx.User(p.Extension).Profile == (stored[p.Extension] == "dnd" ? "Out of office" : "Available")),
            "3CX holds every extension's stored state");
        await SnomPresenceApp.EventuallyAsync(async () => await OutboxDepthAsync() == 0, "the outbox is empty");

        if (end == ServiceEnd.Term)
        {
            // Under load: presses were in flight when the stops began, and were answered.
            Assert.True(phones.Sum(p => p.AnsweredDuringStops) > 0, "No press was answered after SIGTERM was sent: the stops did not happen under load.");
            output.WriteLine($"Stops took {string.Join(", ", stops.Select(s => $"{s.TotalMilliseconds:F0} ms"))}; {phones.Sum(p => p.AnsweredDuringStops)} presses answered after SIGTERM was sent.");
        }

        var ordered = startUps.Order().ToList();
        output.WriteLine(
            $"{Cycles} {end} cycles, {phones.Sum(p => p.Acknowledged.Count)} acknowledged presses, {phones.Count(p => p.Unanswered is not null)} unanswered at the last {end}; " +
            $"start-up until ready: min {ordered[0].TotalMilliseconds:F0} ms, median {ordered[ordered.Count / 2].TotalMilliseconds:F0} ms, max {ordered[^1].TotalMilliseconds:F0} ms; " +
            $"pressing {pressing.TotalMilliseconds / Cycles:F0} ms per cycle");
    }

    private static int FirstDifferenceIndex(List<string> acknowledged, List<string> stored) =>
        acknowledged.Zip(stored).TakeWhile(p => p.First == p.Second).Count();

    private static string FirstDifference(List<string> acknowledged, List<string> stored)
    {
        var at = FirstDifferenceIndex(acknowledged, stored);
        return $"{at}: acknowledged {string.Join(",", acknowledged.Skip(at).Take(4))}, stored {string.Join(",", stored.Skip(at).Take(4))}";
    }

    private static string StatusId(bool dnd) => dnd ? "dnd" : "available";

    private DbConnection Open() => _shared is null
        ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqlitePath, Pooling = false }.ToString())
        : new NpgsqlConnection(_shared.Settings["Store:Postgres:ConnectionString"]);

    /// <summary>Every extension's history straight from the store, oldest first.</summary>
    private async Task<Dictionary<string, List<(long Version, string Kind, string Status)>>> ReadHistoryAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ext, version, kind, status FROM history ORDER BY ext, version;";
        await using var reader = await command.ExecuteReaderAsync();
        var history = new Dictionary<string, List<(long, string, string)>>();
        while (await reader.ReadAsync())
        {
            var ext = reader.GetString(0);
            if (!history.TryGetValue(ext, out var entries))
            {
                history[ext] = entries = [];
            }

            entries.Add((reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
        }

        return history;
    }

    private async Task<string> SqliteIntegrityAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> OutboxDepthAsync()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pbx_outbox;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A phone whose user keeps pressing DND: on, off, on… A press without an answer is pressed again once the
    /// service is back, as a user would, so it is either stored once or not at all.
    /// </summary>
    private sealed class DeskPhone(string extension)
    {
        private readonly Lock _lock = new();
        private int _acknowledgedBefore;

        public string Extension { get; } = extension;

        /// <summary>The presses answered with 2xx, in order (true: DND on).</summary>
        public List<bool> Acknowledged { get; } = [];

        /// <summary>Answers other than 2xx; a live service never gives one to a DND press.</summary>
        public List<string> Refused { get; } = [];

        /// <summary>The press that met the kill, if it met one.</summary>
        public bool? Unanswered { get; private set; }

        /// <summary>What the phone saw instead of an answer.</summary>
        public string? UnansweredBecause { get; private set; }

        public bool AnsweredThisCycle
        {
            get
            {
                lock (_lock)
                {
                    return Acknowledged.Count > _acknowledgedBefore;
                }
            }
        }

        private readonly List<int> _cycleStarts = [];
        private bool _stopping;

        /// <summary>Presses answered after SIGTERM was sent, over every cycle.</summary>
        public int AnsweredDuringStops { get; private set; }

        public void StartCycle()
        {
            _stopping = false;
            _acknowledgedBefore = Acknowledged.Count;
            _cycleStarts.Add(Acknowledged.Count);
        }

        public void StopBegins()
        {
            lock (_lock)
            {
                _stopping = true;
            }
        }

        /// <summary>The cycle in which the <paramref name="index"/>th acknowledged press was made.</summary>
        public int CycleOf(int index) => _cycleStarts.FindLastIndex(start => start <= index);

        public async Task PressUntilGoneAsync(HttpClient client, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var dnd = Unanswered ?? !(Acknowledged.Count > 0 && Acknowledged[^1]);
                try
                {
                    // Not cancelled by the test: a press in flight ends only with an answer or the kill. Each phone
                    // sends its MAC as the shipped templates do; without one, phones sharing an address are one phone.
                    using var response = await client.GetAsync($"/snom/action/{(dnd ? "dnd-on" : "dnd-off")}?ext={Extension}&mac=000413000{Extension}", CancellationToken.None);
                    lock (_lock)
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            Acknowledged.Add(dnd);
                            Unanswered = null;
                            AnsweredDuringStops += _stopping ? 1 : 0;
                        }
                        else
                        {
                            Refused.Add($"{(int)response.StatusCode} for DND {(dnd ? "on" : "off")}");
                            Unanswered = dnd;
                        }
                    }
                }
                catch (Exception ex) when (ServiceProcess.Unanswered(ex))
                {
                    lock (_lock)
                    {
                        Unanswered = dnd;
                        UnansweredBecause = $"{ex.GetType().Name}: {ex.Message} {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message} {ex.InnerException?.InnerException?.Message}";
                    }

                    return;
                }
            }
        }
    }
}
