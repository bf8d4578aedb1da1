using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Hosting;

/// <summary>The service's host for a command (<c>provision</c>, <c>store</c>): same configuration and store, no server, quiet log.</summary>
internal static class CommandHost
{
    private static readonly HashSet<string> Commands = ["provision", "store"];
    private static readonly HashSet<string> OptionsWithValue = ["--out", "--pbx-file", "--from", "--to"];
    private static readonly HashSet<string> Flags = ["--dry-run"];

    /// <summary>
    /// The arguments that are configuration (<c>--Key=value</c>): a command's own words and options are left out, as
    /// the configuration would read a flag as the key of the argument after it, and a path starting with / as a key.
    /// </summary>
    public static string[] ConfigurationArguments(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]))
        {
            return args;
        }

        var configuration = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            if (OptionsWithValue.Contains(args[i]))
            {
                i++;
            }
            else if (!Flags.Contains(args[i]))
            {
                configuration.Add(args[i]);
            }
        }

        return [.. configuration];
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // The console is the command's output: the service's own log stays for warnings.
        builder.Configuration["Serilog:MinimumLevel:Default"] = "Warning";
        return builder.Build();
    }

    /// <summary>Checks the configuration as start-up would; false, with the messages on stderr, when it is bad.</summary>
    public static async Task<bool> ConfigurationValidAsync(WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException or InvalidOperationException)
        {
            var messages = ex is AggregateException aggregate ? string.Join("; ", aggregate.Flatten().InnerExceptions.Select(e => e.Message)) : ex.Message;
            await Console.Error.WriteLineAsync($"Configuration error: {messages}").ConfigureAwait(false);
            return false;
        }
    }
}
