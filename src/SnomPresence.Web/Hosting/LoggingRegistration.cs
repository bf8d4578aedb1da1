using Serilog;

namespace SnomPresence.Web.Hosting;

internal static class LoggingRegistration
{
    private const int MaxLoggedExtensionLength = 20;

    /// <summary>
    /// Serilog configured from the Serilog section, plus sinks registered in DI (tests add theirs there). The
    /// static Log.Logger is left alone, so several hosts in one process (tests, tools) each log to their own sinks.
    /// </summary>
    public static IHostApplicationBuilder AddServiceLogging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                // Defaults the Serilog section may change: the service logs each failed push, 3CX delivery and poll
                // itself, once and without a stack trace; Polly's line per retried attempt (with the exception's
                // stack) and HttpClient's four lines per call would repeat that for every phone that is switched
                // off, at a cost in CPU that showed in the benchmarks (docs/benchmarks.md). A circuit opening is an
                // error and still shows.
                logger.MinimumLevel.Override("Polly", Serilog.Events.LogEventLevel.Error)
                    .MinimumLevel.Override("System.Net.Http.HttpClient", Serilog.Events.LogEventLevel.Warning);
                logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services).Enrich.FromLogContext()
                    // ASP.NET Core's own request lines carry the query string, and with it phone tokens: never below Warning.
                    .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", Serilog.Events.LogEventLevel.Warning)
                    // HttpClient's header lines (Trace) show "Authorization: *" but carry the values as properties:
                    // 3CX bearer tokens, phones' Basic logins. Never at any level.
                    .Filter.ByExcluding(e => e.Level == Serilog.Events.LogEventLevel.Verbose && IsHttpClient(e));
                // Started outside its folder the service finds no appsettings.json; it must still say what it does.
                if (!builder.Configuration.GetSection("Serilog:WriteTo").Exists())
                {
                    logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
            },
            preserveStaticLogger: true);
        return builder;
    }

    private static bool IsHttpClient(Serilog.Events.LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var source)
        && source is Serilog.Events.ScalarValue { Value: string name }
        && name.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal);

    /// <summary>
    /// One completion line per request carrying the extension. The path is logged without its query string, so
    /// nothing a phone puts into the query (later: its token) reaches the log.
    /// </summary>
    public static WebApplication UseServiceRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} for {Extension} responded {StatusCode} in {Elapsed:0.000} ms";
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                string? ext = context.Request.Query["ext"];
                ext ??= context.GetRouteValue("ext") as string;
                diagnostics.Set("Extension", string.IsNullOrEmpty(ext) ? "-" : ext.Length > MaxLoggedExtensionLength ? ext[..MaxLoggedExtensionLength] : ext);
            };
        });
        return app;
    }
}
