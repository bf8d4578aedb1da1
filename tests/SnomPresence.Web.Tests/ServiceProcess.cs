using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SnomPresence.Web.Tests;

/// <summary>
/// The real service as its own process (the built SnomPresence.Web.dll under dotnet), on a free loopback port,
/// for what only a real process can show: surviving kill -9.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>True once the process has ended, whether killed or on its own (e.g. its port was taken).</summary>
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="publishOwnAddress">Set <c>Snom:PublicBaseUrl</c> to the address the process listens on, for pushes.</param>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings, bool publishOwnAddress = false)
    {
        var dll = WebDll();
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        if (publishOwnAddress)
        {
            settings = new Dictionary<string, string>(settings) { ["Snom:PublicBaseUrl"] = address.ToString().TrimEnd('/') };
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add($"--urls={address}");
        // Lab mode unless a test asks for tokens; token checks have tests of their own.
        start.ArgumentList.Add("--Phones:RequireToken=false");
        // All load comes from 127.0.0.1; rate limits have tests of their own.
        start.ArgumentList.Add("--RateLimits:Enabled=false");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var service = new ServiceProcess(Process.Start(start)!, address);
        await service.WaitUntilReadyAsync();
        return service;
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was acknowledged must already be on disk.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{Output}");
            }

            // Ready only once this process says it listens: the port was free when picked, but another test's
            // service may have taken it since, and would answer in its place.
            if (!Output.Contains($"Now listening on: {Address.ToString().TrimEnd('/')}", StringComparison.Ordinal))
            {
                await Task.Delay(25);
                continue;
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"The service did not become ready:\n{Output}");
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Runs a program built beside these tests (in its own folder) to its end, as an admin runs a command.</summary>
    public static async Task<(int Exit, string Output, string Errors)> RunToExitAsync(string project, string dll, IEnumerable<string> args)
    {
        var path = BuiltDll(project, dll);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(path)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>A program built beside these tests: artifacts/bin/&lt;project&gt;/&lt;configuration&gt;/&lt;dll&gt;.</summary>
    public static string BuiltDll(string project, string dll)
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testDirectory.Name;
        var bin = testDirectory.Parent!.Parent!.FullName;
        var path = Path.Combine(bin, project, configuration, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first; {dll} is missing.", path);
    }

    private static string WebDll() => BuiltDll("SnomPresence.Web", "SnomPresence.Web.dll");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
