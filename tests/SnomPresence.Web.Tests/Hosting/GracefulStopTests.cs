using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SnomPresence.Web.Tests.AdminUi;
using SnomPresence.Web.Tests.Pbx;

namespace SnomPresence.Web.Tests.Hosting;

/// <summary>
/// SIGTERM, as systemd and container runtimes stop a service: no new connections, requests in flight finish within
/// <c>HostOptions:ShutdownTimeout</c>, what is under way to 3CX is finished and booked, and the process exits 0.
/// The same under a stream of key presses, compared with the history: <see cref="Faults.SqliteGracefulStopTests"/>.
/// </summary>
public sealed class GracefulStopTests : IDisposable
{
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-stop-").FullName;

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
    }

    private string DatabasePath => Path.Combine(_folder, "presence.db");

    private Dictionary<string, string> Settings => new()
    {
        ["Store:Sqlite:Path"] = DatabasePath,
        ["Admin:ApiKey"] = SnomPresenceApp.ApiKey,
        ["Phones:Push:Enabled"] = "false",
    };

    [Fact]
    public async Task SigTerm_WhileAnImportIsUnderWay_FinishesItAndStoresIt_ThenExitsZero()
    {
        var phones = PhoneCsv(30);
        await using (var service = await ServiceProcess.StartAsync(Settings))
        {
            using var admin = AdminClient(service);
            // About three seconds of upload, so the stop begins while the request is being read.
            using var body = new TricklingContent(phones, TimeSpan.FromMilliseconds(100));
            var importing = admin.PostAsync("/api/phones/import", body);
            await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(300);

            var stopping = service.TerminateAsync(StopDeadline);
            using var response = await importing;
            await stopping;

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{service.Output}");
            Assert.Equal(30, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetArrayLength());
            Assert.Equal(0, service.ExitCode);
            Assert.Contains("Stopping: no new connections; requests in flight have up to 00:00:30 (HostOptions:ShutdownTimeout)", service.Output, StringComparison.Ordinal);
        }

        await using var restarted = await ServiceProcess.StartAsync(Settings);
        using var check = AdminClient(restarted);
        Assert.Equal(30, (await check.GetFromJsonAsync<JsonElement>("/api/phones")).GetArrayLength());
    }

    [Fact]
    public async Task SigTerm_RequestLongerThanTheShutdownTimeout_IsCutThere_AndTheServiceStillExitsZero()
    {
        var settings = Settings;
        settings["HostOptions:ShutdownTimeout"] = "00:00:02";
        await using (var service = await ServiceProcess.StartAsync(settings))
        {
            using var admin = AdminClient(service);
            // Twenty seconds of upload: far longer than the stop may take.
            using var body = new TricklingContent(PhoneCsv(200), TimeSpan.FromMilliseconds(100));
            var importing = admin.PostAsync("/api/phones/import", body);
            await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var took = await service.TerminateAsync(StopDeadline);
            var answer = await Record.ExceptionAsync(async () => (await importing).EnsureSuccessStatusCode());

            Assert.Equal(0, service.ExitCode);
            Assert.True(took >= TimeSpan.FromSeconds(1.5) && took < TimeSpan.FromSeconds(15), $"The stop took {took}, with HostOptions:ShutdownTimeout 2 s.\n{service.Output}");
            Assert.NotNull(answer);
        }

        // The import never got its whole file, so nothing of it was applied.
        await using var restarted = await ServiceProcess.StartAsync(Settings);
        using var check = AdminClient(restarted);
        Assert.Equal(0, (await check.GetFromJsonAsync<JsonElement>("/api/phones")).GetArrayLength());
    }

    [Fact]
    public async Task SigTerm_WithAnAdminBoardEventStreamOpen_EndsTheStreamAndStopsWithoutWaitingForIt()
    {
        await using var service = await ServiceProcess.StartAsync(Settings);
        var handler = service.CreateHandler();
        handler.UseCookies = true;
        handler.CookieContainer = new CookieContainer();
        handler.AllowAutoRedirect = false;
        using var browser = new HttpClient(handler) { BaseAddress = service.Address, Timeout = Timeout.InfiniteTimeSpan };
        Assert.Equal(HttpStatusCode.Redirect, (await AdminUiTests.PostSignInFormAsync(browser, SnomPresenceApp.ApiKey)).StatusCode);
        using var events = await browser.GetAsync("/admin/events", HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await events.Content.ReadAsStreamAsync());
        string? line;
        while ((line = await stream.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))) is not (null or "event: open"))
        {
        }

        Assert.Equal("event: open", line);

        var took = await service.TerminateAsync(StopDeadline);
        var rest = await stream.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, service.ExitCode);
        // HostOptions:ShutdownTimeout is 30 s here: an open stream holding the stop would take that long.
        Assert.True(took < TimeSpan.FromSeconds(15), $"The stop took {took}.\n{service.Output}");
        Assert.DoesNotContain("event: presence", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigTerm_WhileADeliveryTo3cxIsUnderWay_FinishesItAndTakesItOffTheOutbox()
    {
        using var pbx = new FakeThreeCx { Delay = TimeSpan.FromSeconds(1.5) };
        pbx.AddUser(101, "201");
        var settings = Settings;
        foreach (var (key, value) in pbx.ServiceSettings())
        {
            settings[key] = value;
        }

        settings["Pbx:Resilience:AttemptTimeout:Timeout"] = "00:00:10";
        settings["Pbx:Resilience:TotalRequestTimeout:Timeout"] = "00:00:20";
        settings["Pbx:Resilience:CircuitBreaker:SamplingDuration"] = "00:00:20";
        settings["Pbx:ThreeCX:PollInterval"] = "00:01:00";
        await using var service = await ServiceProcess.StartAsync(settings);
        using var phone = service.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/snom/action/dnd-on?ext=201&mac=000413000201")).StatusCode);
        await SnomPresenceApp.EventuallyAsync(() => pbx.PatchesReceived > 0, "3CX received the PATCH");
        var took = await service.TerminateAsync(StopDeadline);

        Assert.Equal(0, service.ExitCode);
        Assert.Equal("Out of office", pbx.User("201").Profile);
        Assert.Single(pbx.Patches);
        Assert.True(await OutboxDepthAsync() == 0, $"3CX accepted the change, but it is still in the outbox after a stop of {took}.\n{service.Output}");
    }

    private async Task<long> OutboxDepthAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pbx_outbox;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static HttpClient AdminClient(ServiceProcess service)
    {
        var client = service.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        client.DefaultRequestHeaders.Add("X-Api-Key", SnomPresenceApp.ApiKey);
        return client;
    }

    private static List<string> PhoneCsv(int phones) =>
        ["mac,model,extensions,display_name,language,web_user,web_password",
         .. Enumerable.Range(0, phones).Select(i => $"000413{i:X6},D785,{200 + i},Phone {i},de,admin,password-{i:D8}")];

    /// <summary>A CSV body sent one line at a time, as over a slow link; <see cref="Started"/> once the first line is out.</summary>
    private sealed class TricklingContent : HttpContent
    {
        private readonly IReadOnlyList<string> _lines;
        private readonly TimeSpan _perLine;

        public TricklingContent(IReadOnlyList<string> lines, TimeSpan perLine)
        {
            _lines = lines;
            _perLine = perLine;
            Headers.ContentType = new("text/csv") { CharSet = "utf-8" };
        }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var line in _lines)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
                await stream.FlushAsync();
                Started.TrySetResult();
                await Task.Delay(_perLine);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
