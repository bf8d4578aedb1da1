using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Hosting;

internal static class ServerRegistration
{
    /// <summary>Where the service listens when nothing says otherwise: port 5080 on every interface, IPv4 and IPv6.</summary>
    public const string DefaultUrls = "http://*:5080";

    public const string ShutdownTimeoutKey = "HostOptions:ShutdownTimeout";

    /// <summary>
    /// Listening addresses the ASP.NET Core way and in its precedence: <c>Kestrel:Endpoints</c>, then <c>urls</c>
    /// (<c>--urls</c>, <c>Urls</c>, <c>ASPNETCORE_URLS</c>), then <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c>. The service's
    /// own default applies only when none of them is given, so nothing shipped in appsettings.json outranks what an
    /// admin sets in the environment. HTTPS certificates are checked now; a stop gives requests in flight
    /// <c>HostOptions:ShutdownTimeout</c> to finish.
    /// </summary>
    public static WebApplicationBuilder AddServer(this WebApplicationBuilder builder)
    {
        var choice = ListenChoice.Of(builder.Configuration);
        if (choice.Setting is null)
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        ServerCertificates.Check(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(choice);
        builder.Services.AddHostedService<ServerLifetimeLog>();
        // The generic host reads only its legacy shutdownTimeoutSeconds key; this is the options-shaped one.
        builder.Services.AddOptions<HostOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (!string.IsNullOrEmpty(configuration[ShutdownTimeoutKey]))
                {
                    options.ShutdownTimeout = configuration.GetValue<TimeSpan>(ShutdownTimeoutKey);
                }
            })
            .Validate(
                options => options.ShutdownTimeout >= TimeSpan.FromSeconds(1) && options.ShutdownTimeout <= TimeSpan.FromMinutes(10),
                $"{ShutdownTimeoutKey} must be between 00:00:01 and 00:10:00.")
            .ValidateOnStart();
        return builder;
    }
}

/// <summary>Which setting chose the listening addresses, and which configuration source gave it; null Setting: the default.</summary>
internal sealed record ListenChoice(string? Setting, string? Source)
{
    /// <summary>The ways to choose, strongest first, as ASP.NET Core documents them: endpoints replace urls, urls replace ports.</summary>
    private static readonly (string Key, string Name)[] Ways =
        [("Kestrel:Endpoints", "Kestrel:Endpoints"), ("urls", "Urls"), ("http_ports", "HTTP_PORTS"), ("https_ports", "HTTPS_PORTS")];

    public static ListenChoice Of(IConfiguration configuration)
    {
        foreach (var (key, name) in Ways)
        {
            var section = configuration.GetSection(key);
            if (!string.IsNullOrWhiteSpace(section.Value) || section.GetChildren().Any())
            {
                return new(name, SourceOf(configuration, key));
            }
        }

        return new(null, null);
    }

    public string Describe() => Setting is null
        ? $"the default {ServerRegistration.DefaultUrls}, as none of {string.Join(", ", Ways.Select(w => w.Name))} is set"
        : $"{Setting} from {Source ?? "configuration"}";

    /// <summary>The last source holding the key, as it describes itself (command line, environment with its prefix, a JSON file).</summary>
    private static string? SourceOf(IConfiguration configuration, string key) =>
        configuration is IConfigurationRoot root
            ? root.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out _) || p.GetChildKeys([], key).Any())?.ToString()
            : null;
}

/// <summary>Says where the service listens and what chose it once it does, and how long a stop may take once one begins.</summary>
internal sealed class ServerLifetimeLog(
    IServer server, ListenChoice choice, IHostApplicationLifetime lifetime, IOptions<HostOptions> host, ILogger<ServerLifetimeLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (addresses.Count > 0)
            {
                Log.Listening(logger, string.Join(", ", addresses), choice.Describe());
            }
        });
        lifetime.ApplicationStopping.Register(() => Log.Stopping(logger, host.Value.ShutdownTimeout));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
