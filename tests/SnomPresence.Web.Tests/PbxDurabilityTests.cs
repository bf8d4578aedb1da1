using System.Net;
using SnomPresence.Web.Tests.Pbx;

namespace SnomPresence.Web.Tests;

/// <summary>A change acknowledged while 3CX is down survives kill -9 and reaches 3CX after the restart.</summary>
public sealed class PbxDurabilityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-outbox-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ChangeQueuedDuringOutage_SurvivesKill9_AndIsDeliveredAfterRestart()
    {
        using var pbx = new FakeThreeCx();
        pbx.AddUser(42, "201");
        pbx.AddUser(43, "202");
        var settings = pbx.ProcessSettings(_folder);

        await using (var service = await ServiceProcess.StartAsync(settings))
        {
            await pbx.WaitForFirstPollAsync();
            pbx.Stop();
            using var phone = service.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/snom/action/dnd-on?ext=201")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/snom/set?ext=202&status=lunch")).StatusCode);
            await service.KillAsync();
        }

        pbx.Restart();
        await using var restarted = await ServiceProcess.StartAsync(settings);

        try
        {
            await SnomPresenceApp.EventuallyAsync(() => pbx.User("201").Profile == "Out of office" && pbx.User("202").Profile == "Custom 1", "both changes reached 3CX after the restart");
        }
        catch (Xunit.Sdk.XunitException ex)
        {
            Assert.Fail($"{ex.Message} 201={pbx.User("201").Profile} 202={pbx.User("202").Profile}\nPATCHes: {string.Join("\n", pbx.Requests.Where(r => r.Method == "PATCH").Select(r => $"{r.At:HH:mm:ss.fff} {r.Path} {r.Body} {r.Status}"))}\nService:\n{string.Join("\n", restarted.Output.Split('\n').Where(l => !l.Contains("HTTP GET", StringComparison.Ordinal)))}");
        }
        using var phoneAfter = restarted.CreateClient();
        var page = await PhonePage.GetAsync(phoneAfter, "/snom/status?ext=201");
        Assert.Equal("Nicht stören", page.Lines[0]);
    }
}
