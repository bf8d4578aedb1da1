using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SnomPresence.Web.Tests;

/// <summary>An acknowledged change survives kill -9 of the real service process.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-kill-").FullName;

    private Dictionary<string, string> Settings => new()
    {
        ["Store:Sqlite:Path"] = Path.Combine(_folder, "presence.db"),
        ["Admin:ApiKey"] = SnomPresenceApp.ApiKey,
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task DndOn_AcknowledgedThenKill9_IsStoredAfterRestart()
    {
        var acknowledged = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        await using (var service = await ServiceProcess.StartAsync(Settings))
        {
            using var phone = service.CreateClient();
            // Two phones keep pressing DND (each on a new extension) while the service is killed under them.
            using var stop = new CancellationTokenSource();
            var next = 1000;
            var phones = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var ext = Interlocked.Increment(ref next).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    try
                    {
                        var response = await phone.GetAsync($"/snom/action/dnd-on?ext={ext}", CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.Add(ext);
                        }
                        else
                        {
                            refused.Add($"{ext}: {(int)response.StatusCode}");
                        }
                    }
                    catch (Exception ex) when (ServiceProcess.Unanswered(ex))
                    {
                        return; // The service is gone: this press was never acknowledged.
                    }
                }
            })).ToArray();

            // A service that answers errors, or none, fails the test with what it saw instead of leaving it waiting.
            await SnomPresenceApp.EventuallyAsync(
                () => acknowledged.Count >= 100 || !refused.IsEmpty || phones.Any(p => p.IsCompleted),
                $"100 presses were acknowledged (so far {acknowledged.Count})");
            Assert.True(refused.IsEmpty, "Presses were answered with errors before the kill: " + string.Join(", ", refused.Take(10)));
            Assert.True(acknowledged.Count >= 100, $"The phones stopped after {acknowledged.Count} acknowledged presses.");

            await service.KillAsync();
            await stop.CancelAsync();
            await SnomPresenceApp.WithinAsync(Task.WhenAll(phones), "every phone stopped pressing");
        }

        await using var restarted = await ServiceProcess.StartAsync(Settings);
        using var admin = restarted.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        var stored = (await admin.GetFromJsonAsync<JsonElement>("/api/extensions"))
            .EnumerateArray()
            .ToDictionary(e => e.GetProperty("extension").GetString()!, e => e.GetProperty("status").GetString());

        Assert.All(acknowledged, ext => Assert.Equal("dnd", stored.GetValueOrDefault(ext)));

        // The restarted service keeps working on the same file.
        using var phoneAfter = restarted.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await phoneAfter.GetAsync("/snom/action/dnd-off?ext=1001")).StatusCode);
        var page = await PhonePage.GetAsync(phoneAfter, "/snom/status?ext=1001");
        Assert.Equal("Verfügbar", page.Lines[0]);
    }
}
