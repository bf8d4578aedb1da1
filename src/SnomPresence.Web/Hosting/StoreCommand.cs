using Microsoft.Extensions.Options;
using SnomPresence.Stores;

namespace SnomPresence.Web.Hosting;

/// <summary>
/// <c>store copy --from PATH</c>: moves an installation from the embedded SQLite file to PostgreSQL or Redis. It
/// copies presence, history, the PBX outbox, known phone addresses and the inventory into the store configured by
/// <c>Store:Provider</c>, which must be empty, and counts everything again in the target.
/// <c>store backup --to FILE</c>: a consistent copy of the SQLite file while the service runs.
/// <c>store check</c>: the store's integrity and what it holds, changing nothing.
/// </summary>
internal static class StoreCommand
{
    public const string Name = "store";

    private const string Usage =
        """
        Usage:
          store copy --from PATH   copy the SQLite store at PATH into the store configured by Store:Provider
                                   (Postgres or Redis, with its connection settings); the target must be empty
          store backup --to FILE   copy the SQLite store (Store:Sqlite:Path) to FILE while the service runs;
                                   FILE is replaced only by a copy that passed its integrity check
          store check              check the configured store's integrity and count what it holds; changes nothing
        Exit codes: 0 done (check: sound), 1 refused or problems found, 2 usage or configuration error.
        """;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        var command = args.ElementAtOrDefault(1);
        var option = command switch
        {
            "copy" => "--from",
            "backup" => "--to",
            _ => null,
        };
        var index = option is null ? -1 : Array.IndexOf(args, option);
        if (command is not ("copy" or "backup" or "check") || (option is not null && (index < 0 || index + 1 >= args.Length)))
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        await using var app = CommandHost.Build(builder);
        if (!await CommandHost.ConfigurationValidAsync(app).ConfigureAwait(false))
        {
            return 2;
        }

        try
        {
            return command switch
            {
                "copy" => await CopyAsync(app.Services, Path.GetFullPath(args[index + 1])).ConfigureAwait(false),
                "backup" => Backup(app.Services, Path.GetFullPath(args[index + 1])),
                _ => await CheckAsync(app.Services).ConfigureAwait(false),
            };
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"Not {(command == "copy" ? "copied" : command == "backup" ? "backed up" : "checked")}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> CopyAsync(IServiceProvider services, string source)
    {
        var provider = services.GetRequiredService<IOptions<StoreOptions>>().Value.Provider;
        StoreCounts copied;
        using (var progress = CommandProgress.OnConsole(services))
        {
            copied = await services.CopySqliteIntoConfiguredStoreAsync(source, CancellationToken.None, progress.Start).ConfigureAwait(false);
        }

        Console.WriteLine($"Copied {source} into {provider}: {copied}.");
        return 0;
    }

    private static int Backup(IServiceProvider services, string destination)
    {
        var copy = services.BackupSqlite(destination);
        Console.WriteLine($"Backed up to {copy.Store}: schema version {copy.SchemaVersion}, integrity ok, {copy.Counts}.");
        return 0;
    }

    private static async Task<int> CheckAsync(IServiceProvider services)
    {
        var report = await services.CheckConfiguredStoreAsync(CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"Store: {report.Store}");
        if (report.SchemaVersion is { } version)
        {
            Console.WriteLine(version < report.LatestSchemaVersion
                ? $"Schema version {version}; this release migrates it to {report.LatestSchemaVersion} when the service starts."
                : $"Schema version {version}.");
        }

        foreach (var problem in report.Problems)
        {
            await Console.Error.WriteLineAsync($"Problem: {problem}").ConfigureAwait(false);
        }

        Console.WriteLine($"Holds {report.Counts}.");
        Console.WriteLine(report.Problems.Count == 0 ? "Integrity: ok." : $"Integrity: {report.Problems.Count} problem(s).");
        return report.Problems.Count == 0 ? 0 : 1;
    }
}
