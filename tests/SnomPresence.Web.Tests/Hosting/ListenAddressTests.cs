using System.Net;
using System.Text.RegularExpressions;

namespace SnomPresence.Web.Tests.Hosting;

/// <summary>
/// Every standard ASP.NET Core way of choosing the listening addresses works on the real process, with the
/// documented precedence (Kestrel:Endpoints over urls, urls over HTTP_PORTS/HTTPS_PORTS, and the command line over
/// the environment); port 5080 on every interface only when none is given. The log names the addresses and what
/// chose them.
/// </summary>
public sealed partial class ListenAddressTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-listen-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string> Settings => new() { ["Store:Sqlite:Path"] = Path.Combine(_folder, "presence.db") };

    [Fact]
    public async Task CommandLineUrls_ListensThereOnly()
    {
        var address = Loopback();

        await using var service = await ServiceProcess.StartAsync(Settings, listening: new Listening(address, Reported(address)) { Arguments = [$"--urls={address}"] });

        await AssertServesAsync(service, [Reported(address)], "Urls from CommandLineConfigurationProvider");
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS", "Urls from EnvironmentVariablesConfigurationProvider Prefix: 'ASPNETCORE_'")]
    [InlineData("Kestrel__Endpoints__Http__Url", "Kestrel:Endpoints from EnvironmentVariablesConfigurationProvider")]
    public async Task EnvironmentVariableWithAnAddress_ListensThereOnly(string variable, string choice)
    {
        var address = Loopback();

        await using var service = await ServiceProcess.StartAsync(Settings, listening: new Listening(address, Reported(address))
        {
            Environment = new Dictionary<string, string> { [variable] = address.ToString() },
        });

        await AssertServesAsync(service, [Reported(address)], choice);
    }

    [Fact]
    public async Task UrlsInTheAppsettingsFile_ListensThereOnly()
    {
        var address = Loopback();
        // An admin's own appsettings.json, in a content root of its own.
        await File.WriteAllTextAsync(Path.Combine(_folder, "appsettings.json"), $$"""{ "Urls": "{{address}}" }""");

        await using var service = await ServiceProcess.StartAsync(Settings, listening: new Listening(address, Reported(address)) { Arguments = [$"--contentRoot={_folder}"] });

        await AssertServesAsync(service, [Reported(address)], $"Urls from JsonConfigurationProvider for 'appsettings.json'");
    }

    [Fact]
    public async Task AspNetCoreHttpPortsVariable_ListensOnThosePortsOnEveryInterface()
    {
        var (first, second) = (ServiceProcess.FreePort(), ServiceProcess.FreePort());

        await using var service = await ServiceProcess.StartAsync(Settings, listening: new Listening(new Uri($"http://127.0.0.1:{second}"), $"http://[::]:{second}")
        {
            Environment = new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = $"{first};{second}" },
        });

        await AssertServesAsync(service, [$"http://[::]:{first}", $"http://[::]:{second}"], "HTTP_PORTS from EnvironmentVariablesConfigurationProvider Prefix: 'ASPNETCORE_'");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{first}/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://[::1]:{first}/health/live")).StatusCode);
    }

    [Fact]
    public async Task AspNetCoreHttpsPortsVariable_WithTheDefaultCertificate_ServesHttpsOnEveryInterface()
    {
        var port = ServiceProcess.FreePort();
        using var certificate = TestCertificates.SelfSigned();
        var (crt, key) = TestCertificates.WritePem(certificate, _folder);

        await using var service = await ServiceProcess.StartAsync(Settings, listening: new Listening(new Uri($"https://127.0.0.1:{port}"), $"https://[::]:{port}")
        {
            Environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_HTTPS_PORTS"] = $"{port}",
                ["Kestrel__Certificates__Default__Path"] = crt,
                ["Kestrel__Certificates__Default__KeyPath"] = key,
            },
            Certificate = certificate,
        });

        await AssertServesAsync(service, [$"https://[::]:{port}"], "HTTPS_PORTS from EnvironmentVariablesConfigurationProvider Prefix: 'ASPNETCORE_'");
    }

    public static TheoryData<string, string> Contests => new()
    {
        // winner, loser: the documented precedence, one step at a time.
        { "--urls", "ASPNETCORE_URLS" },
        { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS" },
        { "--urls", "ASPNETCORE_HTTP_PORTS" },
        { "Kestrel:Endpoints", "--urls" },
        { "Kestrel:Endpoints", "ASPNETCORE_URLS" },
    };

    [Theory]
    [MemberData(nameof(Contests))]
    public async Task TwoWaysGiven_TheStrongerWins_AndTheOtherAddressIsNotListenedOn(string winner, string loser)
    {
        var (won, lost) = (Loopback(), Loopback());
        var arguments = new List<string>();
        var environment = new Dictionary<string, string>();
        void Give(string way, Uri address)
        {
            switch (way)
            {
                case "--urls": arguments.Add($"--urls={address}"); break;
                case "ASPNETCORE_HTTP_PORTS": environment[way] = $"{address.Port}"; break;
                case "Kestrel:Endpoints": arguments.Add($"--Kestrel:Endpoints:Http:Url={address}"); break;
                default: environment[way] = address.ToString(); break;
            }
        }

        Give(winner, won);
        Give(loser, lost);

        await using var service = await ServiceProcess.StartAsync(Settings, listening: new Listening(won, Reported(won)) { Arguments = arguments, Environment = environment });

        await AssertServesAsync(service, [Reported(won)], winner.TrimStart('-').Replace("ASPNETCORE_", "", StringComparison.Ordinal), ignoreCase: true);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{lost.Port}/health/live"));
    }

    /// <summary>
    /// Port 5080 may be taken on a shared machine, so the service runs in a network namespace of its own (unshare), and
    /// the request comes from inside it (nsenter).
    /// </summary>
    [Fact]
    public async Task NothingGiven_ListensOnPort5080OnEveryInterface()
    {
        const string Default = "http://[::]:5080";

        await using var service = await ServiceProcess.StartAsync(Settings, listening: new Listening(new Uri("http://127.0.0.1:5080"), Default)
        {
            Wrapper = ["unshare", "--user", "--map-root-user", "--net", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""],
            Reachable = false,
        });

        Assert.Equal([Default], ListeningOn(service.Output));
        await SnomPresenceApp.EventuallyAsync(() => service.Output.Contains("Listening on http://[::]:5080: the default http://*:5080, as none of", StringComparison.Ordinal), "the service said why it listens there");
        foreach (var host in (string[])["127.0.0.1", "::1"])
        {
            var (exit, answer) = await InsideAsync(service.ProcessId, host, 5080, "/health/live");
            Assert.True(exit == 0 && answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), $"GET /health/live on {host}:5080 inside the service's namespace: exit {exit}, {answer}\n{service.Output}");
        }
    }

    private static Uri Loopback() => new($"http://127.0.0.1:{ServiceProcess.FreePort()}");

    private static string Reported(Uri address) => address.ToString().TrimEnd('/');

    /// <summary>Serves where it says, says only those addresses, and names the setting that chose them.</summary>
    private static async Task AssertServesAsync(ServiceProcess service, string[] listening, string choice, bool ignoreCase = false)
    {
        using var client = service.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        await SnomPresenceApp.EventuallyAsync(() => service.Output.Contains("Listening on ", StringComparison.Ordinal), "the service said where it listens");
        Assert.Equal(listening.Order(), ListeningOn(service.Output).Order());
        var said = ListeningLine().Match(service.Output);
        Assert.True(said.Success, service.Output);
        Assert.Equal(listening.Order(), said.Groups[1].Value.Split(", ").Order());
        Assert.StartsWith(choice, said.Groups[2].Value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static IEnumerable<string> ListeningOn(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("Now listening on: ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("Now listening on: ", StringComparison.Ordinal) + 18)..]);

    /// <summary>A plain HTTP/1.0 GET from inside the network namespace of <paramref name="pid"/>; answers the exit code and the status line.</summary>
    private static async Task<(int Exit, string Answer)> InsideAsync(int pid, string host, int port, string path)
    {
        var (exit, output, errors) = await ServiceProcess.RunToExitAsync("nsenter", ["-t", $"{pid}", "--user", "--net", "--preserve-credentials", "bash", "-c",
            $"exec 3<>/dev/tcp/{host}/{port} && printf 'GET {path} HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3"]);
        return (exit, output.Trim() + errors.Trim());
    }

    [GeneratedRegex(@"Listening on (.+?): (.+)")]
    private static partial Regex ListeningLine();
}
