using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SnomPresence.Fleet.Targets;

/// <summary>A process this run started, on a free loopback port, its output kept in a log file; killed on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly List<Process> Running = [];

    private readonly Process _process;
    private readonly StreamWriter _log;

    static ChildProcess() =>
        // Ctrl-C or a crash of the run must not leave services behind that load the machine.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Running)
            {
                foreach (var process in Running.Where(p => !p.HasExited))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        };

    private ChildProcess(Process process, Uri address, string logPath)
    {
        _process = process;
        Address = address;
        LogPath = logPath;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public string LogPath { get; }

    /// <summary>Starts <c>dotnet dll args…</c> with <c>--urls</c> on a free port and waits until <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<ChildProcess> StartAsync(string dll, IEnumerable<string> args, string workingDirectory, string logPath, string readyPath, string? publicBaseUrlSetting = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add($"--urls={address}");
        if (publicBaseUrlSetting is not null)
        {
            start.ArgumentList.Add($"--{publicBaseUrlSetting}={address.ToString().TrimEnd('/')}");
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        lock (Running)
        {
            Running.Add(process);
        }

        var child = new ChildProcess(process, address, logPath);
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (child._process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(readyPath, UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return child;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening or not ready yet.
            }

            await Task.Delay(200);
        }

        await child.DisposeAsync();
        throw new InvalidOperationException($"{Path.GetFileName(dll)} did not become ready; its output is in {logPath}:{Environment.NewLine}{await File.ReadAllTextAsync(logPath)}");
    }

    /// <summary>Resident memory as the kernel counts it (VmRSS), in MiB.</summary>
    public double ResidentMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        lock (Running)
        {
            Running.Remove(_process);
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine(line);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
