using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SnomPresence.Web.Tests;

/// <summary>
/// The real service as its own process (the built SnomPresence.Web.dll under dotnet), on a free loopback port,
/// for what only a real process can show: surviving kill -9, stopping on SIGTERM, listening where it was told.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>Where a test's machine may say to listen; cleared for every service, so only what a test sets counts.</summary>
    private static readonly string[] ListeningVariables =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS",
        "URLS", "HTTP_PORTS", "HTTPS_PORTS",
    ];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Listening _listening;

    private ServiceProcess(Process process, Listening listening)
    {
        _process = process;
        _listening = listening;
        Address = listening.Address;
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

    public int ProcessId => _process.Id;

    /// <summary>The exit code, once the process has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Whether a request failed because the service was not (or no longer) there to answer. A connection the dying
    /// service resets right after accepting it can surface as a bare <see cref="SocketException"/>: the client reads
    /// the connection's remote address outside the code that wraps errors in <see cref="HttpRequestException"/>.
    /// </summary>
    public static bool Unanswered(Exception error) => error is HttpRequestException or TaskCanceledException or SocketException;

    /// <param name="publishOwnAddress">Set <c>Snom:PublicBaseUrl</c> to the address the process listens on, for pushes.</param>
    /// <param name="listening">How the test chose where the service listens; null: <c>--urls</c> with a free loopback port.</param>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings, bool publishOwnAddress = false, Listening? listening = null)
    {
        var dll = WebDll();
        listening ??= Listening.Urls(new Uri($"http://127.0.0.1:{FreePort()}"));
        if (publishOwnAddress)
        {
            settings = new Dictionary<string, string>(settings) { ["Snom:PublicBaseUrl"] = listening.Address.ToString().TrimEnd('/') };
        }

        var command = listening.Wrapper.Append("dotnet").ToList();
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var part in command.Skip(1))
        {
            start.ArgumentList.Add(part);
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in listening.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

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
        foreach (var variable in ListeningVariables)
        {
            start.Environment.Remove(variable);
        }

        foreach (var (variable, value) in listening.Environment)
        {
            start.Environment[variable] = value;
        }

        var service = new ServiceProcess(Process.Start(start)!, listening);
        await service.WaitUntilReadyAsync();
        return service;
    }

    /// <summary>A client of the service; over https it trusts the service's own certificate, and only that.</summary>
    public HttpClient CreateClient() => new(CreateHandler()) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };

    public SocketsHttpHandler CreateHandler() => new()
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (_listening.Certificate is { } own && presented is not null && own.RawData.AsSpan().SequenceEqual(presented.GetRawCertData())),
        },
    };

    /// <summary>
    /// SIGTERM, as systemd or a container runtime stops a service; waits until the process ended, at most
    /// <paramref name="deadline"/> (then kills it and fails). Answers how long the stop took.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan deadline)
    {
        var took = Stopwatch.StartNew();
        await RunToExitAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"The service had not stopped {deadline} after SIGTERM:\n{Output}");
        }

        // Without a timeout it also waits until everything the process wrote has been read.
        _process.WaitForExit();

        return took.Elapsed;
    }

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
            if (!Output.Contains($"Now listening on: {_listening.Reported}", StringComparison.Ordinal))
            {
                await Task.Delay(25);
                continue;
            }

            if (!_listening.Reachable)
            {
                return;
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (Unanswered(ex))
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
    public static Task<(int Exit, string Output, string Errors)> RunToExitAsync(string project, string dll, IEnumerable<string> args)
    {
        var path = BuiltDll(project, dll);
        return RunToExitAsync("dotnet", [path, .. args], Path.GetDirectoryName(path));
    }

    /// <summary>Runs <paramref name="command"/> to its end, for at most a minute; answers its exit code and what it wrote.</summary>
    /// <param name="environment">Variables set for the command on top of this process's.</param>
    public static async Task<(int Exit, string Output, string Errors)> RunToExitAsync(
        string command, IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// How a test tells the service where to listen (arguments, environment, a command the service runs under), the
/// address a client reaches it at, and the address Kestrel reports as listening on.
/// </summary>
public sealed record Listening(Uri Address, string Reported)
{
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>A command line the service runs under (e.g. <c>unshare</c>), the service's own command appended.</summary>
    public IReadOnlyList<string> Wrapper { get; init; } = [];

    /// <summary>False where the test cannot connect (another network namespace): ready once Kestrel says it listens.</summary>
    public bool Reachable { get; init; } = true;

    /// <summary>The certificate the service serves https with, which its clients then trust.</summary>
    public X509Certificate2? Certificate { get; init; }

    public static Listening Urls(Uri address) => new(address, address.ToString().TrimEnd('/')) { Arguments = [$"--urls={address}"] };
}
