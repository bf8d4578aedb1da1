using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using SnomPresence.Tests.Shared;

namespace SnomPresence.Web.Tests.Deploy;

/// <summary>
/// deploy/snompresence.service with the build of scripts/publish.sh, set up as README's "Install on a server" does:
/// systemd accepts the unit, and the build starts from its own folder the way the unit starts it, with the
/// configuration in an /etc-like folder, the secrets from the environment file and the SQLite file in the state
/// directory, and is ready when the unit's readiness check says so.
/// </summary>
public sealed class ServiceInstallTests : IDisposable
{
    private const string InstallFolder = "/opt/snompresence";
    private const string ConfigurationFolder = "/etc/snompresence";
    private const string StateFolder = "/var/lib/snompresence";

    private readonly string _root = Directory.CreateTempSubdirectory("snompresence-install-").FullName;

    private static string Rid => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    private static string Published => Path.Combine(Repository.Root, "artifacts", "publish", Rid);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Unit_HasEveryHardeningSetting_AndPassesSystemdAnalyzeVerify()
    {
        var unit = SystemdUnit.Load(Path.Combine(Repository.Root, "deploy", "snompresence.service"));

        foreach (var (key, value) in new[]
        {
            ("User", "snompresence"), ("StateDirectory", "snompresence"), ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
            ("ProtectHome", "yes"), ("PrivateTmp", "yes"), ("Restart", "on-failure"), ("EnvironmentFile", $"{ConfigurationFolder}/snompresence.env"),
        })
        {
            Assert.Equal(value, unit.One(key));
        }

        Assert.Contains($"--contentRoot {ConfigurationFolder}", unit.One("ExecStart"), StringComparison.Ordinal);
        Assert.Contains("${SNOMPRESENCE_READY_URL}", unit.One("ExecStartPost"), StringComparison.Ordinal);
        Assert.Contains("SNOMPRESENCE_READY_URL=http://127.0.0.1:5080/health/ready", unit.All("Environment"));
        Assert.Contains($"Store__Sqlite__Path={StateFolder}/snompresence.db", unit.All("Environment"));

        // systemd checks that the program exists: the unit as installed, with the published folder in /opt's place.
        var installed = Path.Combine(_root, "snompresence.service");
        await File.WriteAllTextAsync(installed, unit.Text.Replace(InstallFolder, RequirePublished(), StringComparison.Ordinal));
        var (exit, output, errors) = await ServiceProcess.RunToExitAsync(SystemdAnalyze(), ["verify", installed]);

        Assert.True(exit == 0 && (output + errors).Trim().Length == 0, $"systemd-analyze verify answered {exit}:\n{output}{errors}");
    }

    [Fact]
    public async Task PublishedBuild_StartedAsTheUnitStartsIt_IsReadyAndKeepsItsDataInTheStateDirectory()
    {
        var published = RequirePublished();
        var unit = SystemdUnit.Load(Path.Combine(published, "deploy", "snompresence.service"));
        var configuration = Directory.CreateDirectory(Path.Combine(_root, "etc", "snompresence")).FullName;
        var state = Directory.CreateDirectory(Path.Combine(_root, "var", "lib", "snompresence")).FullName;
        string Place(string text) => text.Replace(InstallFolder, published, StringComparison.Ordinal)
            .Replace(ConfigurationFolder, configuration, StringComparison.Ordinal).Replace(StateFolder, state, StringComparison.Ordinal);

        // As README's steps: the shipped settings with this server's address, and the secrets file filled in.
        var port = ServiceProcess.FreePort();
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(published, "appsettings.json")))!;
        settings["Urls"] = $"http://127.0.0.1:{port}";
        await File.WriteAllTextAsync(Path.Combine(configuration, "appsettings.json"), settings.ToJsonString());
        var secrets = (await File.ReadAllTextAsync(Path.Combine(published, "deploy", "snompresence.env")))
            .Replace("Admin__ApiKey=\n", $"Admin__ApiKey={SnomPresenceApp.ApiKey}\n", StringComparison.Ordinal)
            + $"SNOMPRESENCE_READY_URL=http://127.0.0.1:{port}/health/ready\n";
        await File.WriteAllTextAsync(Path.Combine(configuration, "snompresence.env"), secrets);

        // Environment= first, then the file named by EnvironmentFile=, which wins, as in systemd.
        var environment = unit.All("Environment").Select(Place).Select(SplitAssignment)
            .Concat(File.ReadAllLines(Place(unit.One("EnvironmentFile"))).Where(l => l.Length > 0 && l[0] != '#').Select(SplitAssignment))
            .GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var command = SystemdUnit.Words(Place(unit.One("ExecStart")));
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = Place(unit.One("WorkingDirectory")),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        command.Skip(1).ToList().ForEach(start.ArgumentList.Add);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var service = Process.Start(start)!;
        var log = new StringBuilder();
        service.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        service.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            var readiness = SystemdUnit.Words(unit.One("ExecStartPost"), environment);
            var (ready, readyOutput, readyErrors) = await ServiceProcess.RunToExitAsync(readiness[0], readiness.Skip(1), environment: environment);
            Assert.True(ready == 0, $"The unit's readiness check answered {ready}: {readyOutput}{readyErrors}\nService:\n{log}");

            using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            admin.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/api/extensions/201", null)).StatusCode);
            Assert.True(File.Exists(Path.Combine(state, "snompresence.db")), $"No database in the state directory:\n{log}");
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }

        // Only the state directory was written to: not the program's folder, not the configuration.
        Assert.False(Directory.Exists(Path.Combine(published, "data")));
        Assert.Equal(["appsettings.json", "snompresence.env"], Directory.GetFileSystemEntries(configuration).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static string RequirePublished() =>
        File.Exists(Path.Combine(Published, "SnomPresence.Web")) && File.Exists(Path.Combine(Published, "deploy", "snompresence.service"))
            ? Published
            : throw new InvalidOperationException($"No published build in {Published}: run scripts/publish.sh {Rid} (scripts/test.sh does).");

    private static string SystemdAnalyze() =>
        File.Exists("/usr/bin/systemd-analyze")
            ? "/usr/bin/systemd-analyze"
            : throw new InvalidOperationException("systemd-analyze is missing: install Debian's systemd package (scripts/test.sh does).");

    private static KeyValuePair<string, string> SplitAssignment(string line)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        return new(line[..equals].Trim(), line[(equals + 1)..].Trim());
    }
}
