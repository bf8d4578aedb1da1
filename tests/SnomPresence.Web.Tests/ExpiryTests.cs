using Microsoft.Extensions.Time.Testing;
using SnomPresence.Presence;

namespace SnomPresence.Web.Tests;

public class ExpiryTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ShortTermStatus_WhenItRunsOut_ReturnsToAvailableAsTimer()
    {
        var time = new FakeTimeProvider(Morning);
        await using var app = new SnomPresenceApp { Time = time };
        await app.CreateExtensionAsync("201");
        await app.SetStatusAsync("201", "lunch", Morning.AddMinutes(30));
        using var phone = app.CreatePhoneClient();

        time.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(200);
        var before = await app.GetStoredStateAsync("201");
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(PresenceStatus.Lunch, before!.Status);
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetStoredStateAsync("201"))!.Status == PresenceStatus.Available, "the lunch ran out");
        var state = await app.GetStoredStateAsync("201");
        Assert.Equal(ChangeSource.Timer, state!.Source);
        Assert.Null(state.ExpiresAt);
        Assert.Equal((ChangeKind.Status, ChangeSource.Timer), ((await app.GetHistoryAsync("201"))[0].Kind, (await app.GetHistoryAsync("201"))[0].Source));
        var page = await PhonePage.GetAsync(phone, "/snom/status?ext=201");
        Assert.Equal("Verfügbar", page.Lines[0]);
    }

    [Fact]
    public async Task ShortTermStatus_ExpiredWhileTheServiceWasDown_EndsAtStart()
    {
        var time = new FakeTimeProvider(Morning);
        string folder;
        await using (var first = new SnomPresenceApp { Time = time })
        {
            folder = first.DataFolder;
            await first.CreateExtensionAsync("201");
            await first.SetStatusAsync("201", "business-trip", Morning.AddHours(2));
            await using var second = await RestartAsync(first, time, TimeSpan.FromHours(3));

            await SnomPresenceApp.EventuallyAsync(async () => (await second.GetStoredStateAsync("201"))!.Status == PresenceStatus.Available, "the expiry fired after the restart");
            Assert.Equal(ChangeSource.Timer, (await second.GetStoredStateAsync("201"))!.Source);
        }

        Assert.False(Directory.Exists(folder));
    }

    private static async Task<SnomPresenceApp> RestartAsync(SnomPresenceApp first, FakeTimeProvider time, TimeSpan downFor)
    {
        var folder = first.DataFolder;
        await first.StopAsync();
        time.Advance(downFor);
        var second = new SnomPresenceApp(folder) { Time = time };
        second.CreateClient().Dispose();
        return second;
    }
}
