using Microsoft.Extensions.Options;
using SnomPresence.Pbx;
using SnomPresence.Pbx.ThreeCx;
using SnomPresence.Presence;

namespace SnomPresence.Web.Hosting;

/// <summary>
/// <c>pbx check [--ext N]</c>: reads from the configured 3CX what the sync relies on and prints it, with the service's
/// own configuration, before the service is let loose on a real PBX. It writes nothing to 3CX.
/// </summary>
internal static class PbxCommand
{
    public const string Name = "pbx";

    private const string Usage =
        """
        Usage:
          pbx check [--ext N]   read from the 3CX configured under Pbx:ThreeCX what the sync relies on and print it:
                                version, token, users and page size, profiles and their routes, custom status
                                names, the DND profile, and with --ext that user's forwarding as the sync reads it.
                                Only reads; writes nothing to 3CX.
        Exit codes: 0 everything the service needs is there, 1 something is missing (the reason is printed),
        2 usage or configuration error.
        """;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        // Anything else on the command line is configuration (--Pbx:ThreeCX:BaseUrl=…), as for the service.
        var extIndex = Array.IndexOf(args, "--ext");
        Extension? extension = null;
        if (args.ElementAtOrDefault(1) != "check" || (extIndex > 0 && !TryParse(args.ElementAtOrDefault(extIndex + 1), out extension)))
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        await using var app = CommandHost.Build(builder);
        if (!await CommandHost.ConfigurationValidAsync(app).ConfigureAwait(false))
        {
            return 2;
        }

        if (app.Services.GetRequiredService<IOptions<PbxOptions>>().Value.Provider != PbxProvider.ThreeCX)
        {
            await Console.Error.WriteLineAsync("Configuration error: Pbx:Provider is not ThreeCX; set it and Pbx:ThreeCX:BaseUrl, ClientId and ClientSecret.").ConfigureAwait(false);
            return 2;
        }

        // Only reads: Ctrl+C may end it anywhere.
        var check = app.Services.GetRequiredService<ThreeCxCheck>();
        return await check.RunAsync(extension, Console.Out, CancellationToken.None).ConfigureAwait(false) ? 0 : 1;
    }

    private static bool TryParse(string? text, out Extension? extension)
    {
        extension = Extension.TryParse(text, out var parsed) ? parsed : null;
        return extension is not null;
    }
}
