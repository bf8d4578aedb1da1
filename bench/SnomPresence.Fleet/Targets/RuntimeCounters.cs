using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace SnomPresence.Fleet.Targets;

/// <summary>
/// Reads the runtime's own counters (the System.Runtime event counters dotnet-counters shows) from another .NET
/// process through its diagnostics port, so the service needs no endpoint for it and is not asked to collect.
/// </summary>
internal static class RuntimeCounters
{
    /// <summary>The counters' values in the first report that has all of <paramref name="names"/>, e.g. gc-heap-size (MB).</summary>
    public static async Task<IReadOnlyDictionary<string, double>> ReadAsync(int processId, IReadOnlyCollection<string> names, TimeSpan timeout)
    {
        var client = new DiagnosticsClient(processId);
        var providers = new[]
        {
            new EventPipeProvider("System.Runtime", EventLevel.Informational, 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }),
        };
        using var session = client.StartEventPipeSession(providers, requestRundown: false);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        using var source = new EventPipeEventSource(session.EventStream);
        source.Dynamic.All += e =>
        {
            if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
                || outer["Payload"] is not IDictionary<string, object> payload || payload["Name"] is not string name || !names.Contains(name))
            {
                return;
            }

            lock (values)
            {
                values[name] = Convert.ToDouble(payload.TryGetValue("Mean", out var mean) ? mean : payload["Increment"], System.Globalization.CultureInfo.InvariantCulture);
                if (values.Count == names.Count)
                {
                    session.Stop();
                }
            }
        };
        var processing = Task.Run(source.Process);
        if (await Task.WhenAny(processing, Task.Delay(timeout)) != processing)
        {
            session.Stop();
            await processing;
        }

        lock (values)
        {
            return new Dictionary<string, double>(values);
        }
    }
}
