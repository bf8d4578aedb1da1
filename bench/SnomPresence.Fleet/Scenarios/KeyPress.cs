using System.Diagnostics;
using System.Globalization;
using SnomPresence.Fleet.Load;
using SnomPresence.Fleet.Targets;

namespace SnomPresence.Fleet.Scenarios;

/// <summary>
/// A phone's DND key to 3CX: one press at a time against a fake 3CX that answers at once, timed from sending the
/// action URL to the PATCH arriving at the PBX (both clocks are this process's).
/// </summary>
internal static class KeyPress
{
    private const string DndProfile = "Out of office";
    private const string AvailableProfile = "Available";

    public static async Task RunAsync(FleetOptions options, Report report)
    {
        Console.WriteLine($"== key press to 3CX PATCH: {options.Presses} presses");
        await using var pbx = await FakeThreeCx.StartAsync(Enumerable.Range(0, options.Phones).Select(Phones.Extension));
        await using var service = await Service.StartAsync(options, "keypress", pbx.ServiceSettings());
        await Phones.ImportAsync(service, options.Phones);
        var (phones, _) = await Phones.BootAsync(service, options.Phones, options.Connections, new Latencies());
        await phones.SetUpPresenceAsync(service, options.Connections);
        await QuietAsync(pbx);

        using var client = LoadClient.Create(service.Address, 1);
        var on = new bool[phones.Count];
        var acknowledged = new Latencies();
        var delivered = new Latencies();
        const int WarmUp = 50;
        for (var press = 0; press < WarmUp + options.Presses; press++)
        {
            var phone = press % phones.Count;
            on[phone] = !on[phone];
            // The fake numbers its users from 1 in the phones' order.
            var arrived = pbx.WaitForPatchAsync(phone + 1, on[phone] ? DndProfile : AvailableProfile);
            var sent = Stopwatch.GetTimestamp();
            var (ok, _) = await LoadClient.GetAsync(client, phones.DndUrl(phone, on[phone]));
            var answered = Stopwatch.GetTimestamp();
            var patched = await Task.WhenAny(arrived, Task.Delay(TimeSpan.FromSeconds(10))) == arrived ? arrived.Result : (long?)null;
            if (press < WarmUp)
            {
                continue;
            }

            if (!ok || patched is null)
            {
                delivered.Error();
                continue;
            }

            acknowledged.Add(answered - sent);
            delivered.Add(patched.Value - sent);
            // Presses of one phone are seconds apart; back-to-back presses would measure a queue instead.
            await Task.Delay(5);
        }

        var scenario = string.Create(CultureInfo.InvariantCulture, $"key press → 3CX PATCH, {options.Presses} presses one at a time, fast fake 3CX");
        var ack = acknowledged.Summarize();
        var patch = delivered.Summarize();
        report.Add(scenario, "phone's request answered", ack.Percentiles);
        report.Add(scenario, "PATCH arrived at 3CX", $"{patch.Percentiles}{(patch.Errors > 0 ? $", {patch.Errors} missing" : "")}", "median < 20 ms", patch.P50 < 20 && patch.Errors == 0);
    }

    /// <summary>Waits for the first poll of 3CX and for the set-up presses to have been delivered.</summary>
    private static async Task QuietAsync(FakeThreeCx pbx)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        var last = -1L;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(1000);
            if (pbx.Polls > 0 && pbx.Patches == last)
            {
                return;
            }

            last = pbx.Patches;
        }

        throw new InvalidOperationException("The service neither polled the fake 3CX nor settled within a minute.");
    }
}
