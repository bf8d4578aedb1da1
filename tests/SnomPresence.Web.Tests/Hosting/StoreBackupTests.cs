using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SnomPresence.Web.Tests.Hosting;

/// <summary><c>store backup</c> and <c>store check</c>, run as an admin runs them beside the running service.</summary>
public sealed class StoreBackupTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-backup-").FullName;

    private string DatabasePath => Path.Combine(_folder, "data", "snompresence.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Backup_WhileTheServiceKeepsWriting_IsOneConsistentMomentThatTheServiceOpens()
    {
        var backup = Path.Combine(_folder, "backups", "snompresence.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        int acknowledgedBefore;
        await using (var service = await StartAsync(DatabasePath))
        {
            using var admin = AdminClient(service);
            foreach (var ext in new[] { "201", "202", "203" })
            {
                (await admin.PutAsync($"/api/extensions/{ext}", null)).EnsureSuccessStatusCode();
            }

            using var stop = new CancellationTokenSource();
            var acknowledged = 0;
            var writer = Task.Run(async () =>
            {
                var statuses = new[] { "dnd", "available", "lunch", "away" };
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var response = await admin.PutAsJsonAsync($"/api/extensions/20{1 + (i % 3)}/status", new { status = statuses[i % 4] });
                    response.EnsureSuccessStatusCode();
                    Interlocked.Increment(ref acknowledged);
                }
            });
            await WaitUntilAsync(() => Volatile.Read(ref acknowledged) >= 20);
            acknowledgedBefore = Volatile.Read(ref acknowledged);

            var (exit, output, errors) = await RunAsync("store", "backup", "--to", backup);

            await WaitUntilAsync(() => Volatile.Read(ref acknowledged) >= acknowledgedBefore + 20);
            await stop.CancelAsync();
            await writer;
            Assert.True(exit == 0, errors);
            Assert.Contains($"Backed up to {backup}: schema version", output, StringComparison.Ordinal);
            Assert.Contains("integrity ok, 3 extension(s) with", output, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(backup + ".tmp"));
        Assert.False(File.Exists(backup + "-wal"));
        await using (var copy = new SqliteConnection($"Data Source={backup};Pooling=False"))
        {
            await copy.OpenAsync();
            Assert.Equal("ok", Scalar(copy, "PRAGMA integrity_check;"));
            Assert.Equal("delete", Scalar(copy, "PRAGMA journal_mode;"));
            // One moment: every extension's state is its newest history entry, nothing half-written.
            Assert.Equal("0", Scalar(copy, "SELECT count(*) FROM extensions e WHERE e.version <> (SELECT max(h.version) FROM history h WHERE h.ext = e.ext);"));
            // Every change acknowledged before the backup began is in it (3 creations plus the status changes).
            Assert.True(long.Parse(Scalar(copy, "SELECT count(*) FROM history;")!, System.Globalization.CultureInfo.InvariantCulture) >= 3 + acknowledgedBefore);
        }

        await using var restored = await StartAsync(backup);
        using var restoredAdmin = AdminClient(restored);
        var extensions = await restoredAdmin.GetFromJsonAsync<JsonElement>("/api/extensions/");
        Assert.Equal(["201", "202", "203"], extensions.EnumerateArray().Select(e => e.GetProperty("extension").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Check_SoundStore_Exits0WithSchemaVersionAndCounts()
    {
        await using (var service = await StartAsync(DatabasePath))
        {
            using var admin = AdminClient(service);
            (await admin.PutAsync("/api/extensions/201", null)).EnsureSuccessStatusCode();
            (await admin.PutAsJsonAsync("/api/extensions/201/status", new { status = "dnd" })).EnsureSuccessStatusCode();

            var (exit, output, errors) = await RunAsync("store", "check");

            Assert.True(exit == 0, errors);
            Assert.Contains($"Store: {DatabasePath}", output, StringComparison.Ordinal);
            Assert.Contains("Holds 1 extension(s) with 2 history entries", output, StringComparison.Ordinal);
            Assert.Contains("Integrity: ok.", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_DamagedFile_Exits1NamingTheProblem_AndBackupRefusesToReplaceTheEarlierCopy()
    {
        await using (var service = await StartAsync(DatabasePath))
        {
            using var admin = AdminClient(service);
            foreach (var ext in Enumerable.Range(200, 300))
            {
                (await admin.PutAsync($"/api/extensions/{ext}", null)).EnsureSuccessStatusCode();
            }
        }

        var earlier = Path.Combine(_folder, "earlier.db");
        Assert.Equal(0, (await RunAsync("store", "backup", "--to", earlier)).Exit);
        var earlierBytes = await File.ReadAllBytesAsync(earlier);
        await using (var file = File.Open(DatabasePath, FileMode.Open, FileAccess.ReadWrite))
        {
            // The middle of the file: pages of the tables' b-trees, not the header.
            file.Position = file.Length / 2;
            file.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }

        var (exit, _, errors) = await RunAsync("store", "check");
        var (backupExit, _, backupErrors) = await RunAsync("store", "backup", "--to", earlier);

        Assert.Equal(1, exit);
        Assert.Contains("Problem:", errors, StringComparison.Ordinal);
        Assert.Equal(1, backupExit);
        Assert.Contains("Not backed up:", backupErrors, StringComparison.Ordinal);
        Assert.Equal(earlierBytes, await File.ReadAllBytesAsync(earlier));
    }

    [Fact]
    public async Task Backup_WithPostgresConfigured_Exits1NamingPgDump()
    {
        var (exit, _, errors) = await RunAsync("store", "backup", "--to", Path.Combine(_folder, "x.db"),
            "--Store:Provider=Postgres", "--Store:Postgres:ConnectionString=Host=127.0.0.1;Username=nobody");

        Assert.Equal(1, exit);
        Assert.Contains("pg_dump", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("store", "backup")]
    [InlineData("store", "backup", "--from", "x")]
    [InlineData("store", "verify")]
    public async Task UnknownUse_Exits2WithTheUsage(params string[] args)
    {
        var (exit, _, errors) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("store backup --to FILE", errors, StringComparison.Ordinal);
    }

    private static Task<ServiceProcess> StartAsync(string database) => ServiceProcess.StartAsync(new Dictionary<string, string>
    {
        ["Store:Sqlite:Path"] = database,
        ["Admin:ApiKey"] = SnomPresenceApp.ApiKey,
    });

    private static HttpClient AdminClient(ServiceProcess service)
    {
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        return client;
    }

    private Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args) =>
        ServiceProcess.RunToExitAsync("SnomPresence.Web", "SnomPresence.Web.dll", [.. args, $"--Store:Sqlite:Path={DatabasePath}", .. args.Where(a => a.StartsWith("--Store:", StringComparison.Ordinal))]);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
