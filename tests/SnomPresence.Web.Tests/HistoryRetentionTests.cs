using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SnomPresence.Presence;
using SnomPresence.Web.Presence;

namespace SnomPresence.Web.Tests;

/// <summary>History beyond History:Retention and History:MaxEntriesPerExtension is pruned in the background; the state stays.</summary>
public sealed class HistoryRetentionTests
{
    [Fact]
    public async Task EntriesOlderThanTheRetention_ArePruned_TheStateStays()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new SnomPresenceApp { Time = clock };
        app.Settings["History:Retention"] = "1.00:00:00";
        app.Settings["History:PruneInterval"] = "00:01:00";
        using var phone = app.CreatePhoneClient();
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await phone.GetAsync("/snom/action/dnd-off?ext=201");
        Assert.Equal(3, (await app.GetHistoryAsync("201")).Count);

        clock.Advance(TimeSpan.FromDays(1));
        await phone.GetAsync("/snom/action/dnd-on?ext=201");
        await RunPruneAsync(app, clock);

        Assert.Equal([4L], (await app.GetHistoryAsync("201")).Select(e => e.Version));
        Assert.Equal(PresenceStatus.Dnd, (await app.GetStoredStateAsync("201"))!.Status);
    }

    [Fact]
    public async Task EntriesBeyondThePerExtensionCap_ArePruned_NewestKept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new SnomPresenceApp { Time = clock };
        app.Settings["History:MaxEntriesPerExtension"] = "10";
        app.Settings["History:PruneInterval"] = "00:01:00";
        using var phone = app.CreatePhoneClient();
        for (var i = 0; i < 7; i++)
        {
            await phone.GetAsync("/snom/action/dnd-on?ext=201");
            await phone.GetAsync("/snom/action/dnd-off?ext=201");
        }

        await phone.GetAsync("/snom/action/dnd-on?ext=202");
        await RunPruneAsync(app, clock);

        Assert.Equal(Enumerable.Range(6, 10).Select(v => (long)v).Reverse(), (await app.GetHistoryAsync("201")).Select(e => e.Version));
        Assert.Equal(2, (await app.GetHistoryAsync("202")).Count);
    }

    /// <summary>Moves the clock on until one prune run has completed: the worker may not be waiting yet when the clock first moves.</summary>
    private static async Task RunPruneAsync(SnomPresenceApp app, FakeTimeProvider clock)
    {
        var worker = app.Services.GetServices<IHostedService>().OfType<StorePruneWorker>().Single();
        var before = worker.PruneRuns;
        await SnomPresenceApp.EventuallyAsync(() =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return worker.PruneRuns > before;
        }, "a prune run completed");
    }
}
