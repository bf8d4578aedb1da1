using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Serilog.Events;
using SnomPresence.Presence;
using SnomPresence.Web.Admin;

namespace SnomPresence.Web.Tests;

/// <summary>
/// The service in-process on its own real SQLite file in a fresh temporary folder. Tests add settings and a fake
/// clock before the first request, and read what the service logged and stored.
/// </summary>
public sealed class SnomPresenceApp : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-api-key-0123456789abcdef";
    public const string ProvisioningUser = "prov";
    public const string ProvisioningPassword = "prov-secret-0123";
    public const string ProvisioningLoginSecret = "login-secret-0123456789abcdef0123456789";
    public const string PublicBaseUrl = "https://presence.example.de";

    private readonly string _folder;
    private readonly bool _ownsFolder;

    /// <param name="dataFolder">Another app's <see cref="DataFolder"/>, to start again on the same database as after a restart.</param>
    public SnomPresenceApp(string? dataFolder = null)
    {
        _ownsFolder = dataFolder is null;
        _folder = dataFolder ?? Directory.CreateTempSubdirectory("snompresence-web-").FullName;
        TestTrail.Add("service log", () => Logs.Events.Select(e => $"{e.Timestamp:HH:mm:ss.fff} {e.Level} {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}{(e.Exception is null ? string.Empty : " " + e.Exception.GetType().Name + ": " + e.Exception.Message)}"));
    }

    /// <summary>The folder holding this app's database; deleted with the app that created it.</summary>
    public string DataFolder => _folder;

    public string DatabasePath => Path.Combine(_folder, "data", "presence.db");

    public Dictionary<string, string?> Settings { get; } = [];

    public FakeTimeProvider? Time { get; init; }

    /// <summary>Phone routes without tokens (<c>Phones:RequireToken=false</c>); false leaves the shipped default.</summary>
    public bool LabMode { get; init; } = true;

    /// <summary>
    /// The shipped rate limits; false lifts them, since every in-process request comes from the same (unknown)
    /// address and suites send more than a phone would.
    /// </summary>
    public bool RateLimited { get; init; }

    /// <summary>A request with this header arrives from that address, as if over the network (the test server has none).</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    public LogCapture Logs { get; } = new();

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>
    /// Every admin API answer is checked against the checked-in OpenAPI document (docs/openapi.json); the test fails at
    /// the end when one did not match. Off only for a test that reads a document other than the checked-in one.
    /// </summary>
    public bool CheckApiContract { get; init; } = true;

    /// <summary>How admin API answers differed from docs/openapi.json.</summary>
    public ConcurrentQueue<string> ContractViolations { get; } = new();

    /// <summary>Syncs with <paramref name="pbx"/>, with timeouts and intervals shrunk so faults play out in milliseconds.</summary>
    public SnomPresenceApp WithThreeCx(Pbx.FakeThreeCx pbx)
    {
        foreach (var (key, value) in pbx.ServiceSettings())
        {
            Settings[key] = value;
        }

        return this;
    }

    /// <summary>
    /// For tests that count the requests 3CX gets: an answer slowed down by a loaded machine is waited for (5 s)
    /// rather than asked for again after the usual half second.
    /// </summary>
    public SnomPresenceApp WithPatientPbxCalls()
    {
        Settings["Pbx:Resilience:AttemptTimeout:Timeout"] = "00:00:05";
        Settings["Pbx:Resilience:TotalRequestTimeout:Timeout"] = "00:00:15";
        Settings["Pbx:Resilience:CircuitBreaker:SamplingDuration"] = "00:00:10";
        return this;
    }

    /// <summary>Phones need their tokens, and provisioning files are served with the test credentials.</summary>
    public SnomPresenceApp WithProvisioning()
    {
        Settings["Phones:RequireToken"] = "true";
        Settings["Provisioning:HttpUser"] = ProvisioningUser;
        Settings["Provisioning:HttpPassword"] = ProvisioningPassword;
        Settings["Provisioning:LoginSecret"] = ProvisioningLoginSecret;
        Settings["Snom:PublicBaseUrl"] = PublicBaseUrl;
        return this;
    }

    /// <summary>
    /// Starts the service expecting it to refuse: answers the exception start-up ended with, or null when it started.
    /// When a host fails to start, the test host itself sometimes throws <see cref="ObjectDisposedException"/> instead
    /// of the host's error (dotnet/aspnetcore#33494); only then is the start tried again, by a fresh app with the same
    /// settings, at most three times in all.
    /// </summary>
    public async Task<Exception?> StartupErrorAsync()
    {
        var error = TryStart(this);
        for (var attempt = 2; attempt <= 3 && IsTestHostRace(error); attempt++)
        {
            await using var again = new SnomPresenceApp
            {
                Time = Time,
                LabMode = LabMode,
                RateLimited = RateLimited,
                ConfigureServices = ConfigureServices,
                CheckApiContract = CheckApiContract,
            };
            foreach (var (key, value) in Settings)
            {
                again.Settings[key] = value;
            }

            error = TryStart(again);
        }

        return error;

        static Exception? TryStart(SnomPresenceApp app)
        {
            try
            {
                app.CreateClient().Dispose();
                return null;
            }
            catch (Exception error)
            {
                return error;
            }
        }

        static bool IsTestHostRace(Exception? error)
        {
            for (var inner = error; inner is not null; inner = inner.InnerException)
            {
                if (inner is ObjectDisposedException)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Adds a phone to the inventory through the admin API, as an admin would; answers its token.</summary>
    public async Task<string> AddPhoneAsync(string mac, string model, params string[] extensions)
    {
        using var admin = CreateAdminClient();
        var response = await admin.PutAsJsonAsync($"/api/phones/{mac}", new { model, extensions });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return created.GetProperty("token").GetString()!;
    }

    /// <summary>
    /// A client that fetches provisioning files as a phone does: with the shared enrollment login, or with the own
    /// login of the phone <paramref name="ownLogin"/>.
    /// </summary>
    public HttpClient CreateProvisioningClient(string? userAgent = null, string? ownLogin = null)
    {
        var client = CreatePhoneClient();
        var (user, password) = ownLogin is null
            ? (ProvisioningUser, ProvisioningPassword)
            : (ownLogin, new SnomPresence.Provisioning.ProvisioningLogins(ProvisioningLoginSecret).Password(MacAddress.Parse(ownLogin)));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return client;
    }

    /// <summary>The readiness report in detail, as a monitor on this host (<c>Metrics:AllowedNetworks</c>) reads it.</summary>
    public static async Task<System.Text.Json.JsonElement> ReadinessAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Add(RemoteAddressHeader, "127.0.0.1");
        using var response = await client.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, for at most 30 s, then fails naming <paramref name="what"/> and,
    /// when given, what <paramref name="seen"/> says was there instead. Generous because the whole suite shares two
    /// cores with crash tests, a browser and real service processes; a passing test waits only as long as its
    /// condition takes.
    /// </summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, Func<string>? seen = null)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() >= deadline)
            {
                Assert.Fail($"Timed out waiting until {what}." + (seen is null ? string.Empty : $" Saw: {seen()}") + TestTrail.Describe());
            }

            await Task.Delay(20);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what, Func<string>? seen = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, seen);

    /// <summary>Waits for <paramref name="work"/> for at most <paramref name="limit"/> (60 s), then fails naming <paramref name="what"/>.</summary>
    public static async Task WithinAsync(Task work, string what, TimeSpan? limit = null)
    {
        try
        {
            await work.WaitAsync(limit ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting until {what}." + TestTrail.Describe());
        }
    }

    public HttpClient CreatePhoneClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client whose requests come from <paramref name="phone"/>'s address, where pushes then go.</summary>
    public HttpClient CreatePhoneClient(FakeSnomPhone phone)
    {
        var client = CreatePhoneClient();
        client.DefaultRequestHeaders.Add(RemoteAddressHeader, phone.Address);
        return client;
    }

    /// <summary>Pushes go to <paramref name="phone"/>'s port, with its web login as the shared one.</summary>
    public SnomPresenceApp PushingTo(FakeSnomPhone phone, bool sharedLogin = true)
    {
        Settings["Phones:Push:Port"] = phone.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Phones:Resilience:Retry:Delay"] = "00:00:00.020";
        if (sharedLogin)
        {
            Settings["Phones:HttpUser"] = FakeSnomPhone.User;
            Settings["Phones:HttpPassword"] = FakeSnomPhone.Password;
        }

        return this;
    }

    /// <summary>A client on this host, as a monitoring probe or Prometheus is: health checks answer it in detail.</summary>
    public HttpClient CreateMonitorClient()
    {
        var client = CreatePhoneClient();
        client.DefaultRequestHeaders.Add(RemoteAddressHeader, "127.0.0.1");
        return client;
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreatePhoneClient();
        client.DefaultRequestHeaders.Add(AdminKeyHandler.HeaderName, ApiKey);
        return client;
    }

    public Task<PresenceState?> GetStoredStateAsync(string ext) =>
        Services.GetRequiredService<IPresenceStore>().GetAsync(Extension.Parse(ext), default);

    public Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(string ext) =>
        Services.GetRequiredService<IPresenceStore>().GetHistoryAsync(Extension.Parse(ext), 100, default);

    /// <summary>How many extensions wait for delivery to the PBX.</summary>
    public async Task<int> GetOutboxDepthAsync() =>
        (await Services.GetRequiredService<IPbxOutbox>().GetStatsAsync(default)).Depth;

    /// <summary>Creates an extension through the admin API, as an admin would.</summary>
    public async Task CreateExtensionAsync(string ext)
    {
        using var admin = CreateAdminClient();
        (await admin.PutAsync($"/api/extensions/{ext}", null)).EnsureSuccessStatusCode();
    }

    public async Task SetStatusAsync(string ext, string status, DateTimeOffset? expiresAt = null)
    {
        using var admin = CreateAdminClient();
        (await admin.PutAsJsonAsync($"/api/extensions/{ext}/status", new { status, expiresAt })).EnsureSuccessStatusCode();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Store:Sqlite:Path", DatabasePath);
        builder.UseSetting("Admin:ApiKey", ApiKey);
        builder.UseSetting("Snom:TimeZone", "Europe/Berlin");
        // Tests read the service's log from Logs; on the console, the lines of hundreds of services in one test
        // process would only fill the runner's output pipe, and a full pipe blocks every thread that logs.
        builder.UseSetting("Serilog:WriteTo:0:Args:restrictedToMinimumLevel", "Fatal");
        if (LabMode)
        {
            // Tokens off unless a test asks for them: PhoneTokenTests walk every phone route with them on.
            builder.UseSetting("Phones:RequireToken", "false");
        }

        if (!RateLimited)
        {
            builder.UseSetting("RateLimits:Enabled", "false");
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            services.AddSingleton<IStartupFilter, RemoteAddressFilter>();
            if (CheckApiContract)
            {
                services.AddSingleton<IStartupFilter>(new OpenApi.AdminApiContractFilter(OpenApi.AdminApiContract.CheckedIn, ContractViolations));
            }
            if (Time is not null)
            {
                services.AddSingleton<TimeProvider>(Time);
            }

            ConfigureServices?.Invoke(services);
        });
    }

    /// <summary>Stops the service as a shutdown would, keeping its data folder for a restart.</summary>
    public async Task StopAsync()
    {
        await base.DisposeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsFolder)
        {
            Directory.Delete(_folder, recursive: true);
        }

        Assert.True(ContractViolations.IsEmpty, $"Admin API answers that {OpenApi.AdminApiContract.DocumentPath} does not describe:\n" + string.Join("\n", ContractViolations.Distinct()));
    }
}

/// <summary>Sets the connection's remote address from <see cref="SnomPresenceApp.RemoteAddressHeader"/>, before any of the service's middleware.</summary>
internal sealed class RemoteAddressFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[SnomPresenceApp.RemoteAddressHeader].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return following(context);
        });
        next(app);
    };
}

/// <summary>Every event the service logged, with its structured properties.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>
    /// Waits for a matching event: request completion lines are written after the response reaches the client,
    /// and change lines come from a feed subscriber, so neither is there the instant a request returns.
    /// </summary>
    public async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (timeout.IsCancellationRequested)
            {
                Assert.Fail("No matching log event; logged: " + string.Join(" | ", _events.Select(e => e.MessageTemplate.Text + " " + string.Join(",", e.Properties.Select(p => p.Key + "=" + p.Value)))));
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    public static string? Scalar(LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: var v } ? v?.ToString() : null;
}

public static class LogEventExtensions
{
    /// <summary>The <c>[LoggerMessage]</c> event id, which Serilog keeps as an <c>EventId</c> structure.</summary>
    public static int? EventId(this LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var value) && value is StructureValue structure
        && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id } ? id : null;
}
