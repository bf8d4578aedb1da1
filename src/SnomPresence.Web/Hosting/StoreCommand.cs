using Microsoft.Extensions.Options;
using SnomPresence.Stores;

namespace SnomPresence.Web.Hosting;

/// <summary>
/// <c>store copy --from PATH</c>: moves an installation from the embedded SQLite file to PostgreSQL or Redis. It
/// copies presence, history, the PBX outbox, known phone addresses and the inventory into the store configured by
/// <c>Store:Provider</c>, which must be empty, and counts everything again in the target.
/// </summary>
internal static class StoreCommand
{
    public const string Name = "store";

    private const string Usage =
        """
        Usage:
          store copy --from PATH   copy the SQLite store at PATH into the store configured by Store:Provider
                                   (Postgres or Redis, with its connection settings); the target must be empty
        Exit codes: 0 copied, 1 copy refused (target not empty, no source), 2 usage or configuration error.
        """;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        var from = Array.IndexOf(args, "--from");
        if (args.ElementAtOrDefault(1) != "copy" || from < 0 || from + 1 >= args.Length)
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        await using var app = CommandHost.Build(builder);
        if (!await CommandHost.ConfigurationValidAsync(app).ConfigureAwait(false))
        {
            return 2;
        }

        var source = Path.GetFullPath(args[from + 1]);
        var provider = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value.Provider;
        try
        {
            var copied = await app.Services.CopySqliteIntoConfiguredStoreAsync(source, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine($"Copied {source} into {provider}: {copied.Extensions} extension(s) with {copied.HistoryEntries} history entries, "
                + $"{copied.OutboxEntries} change(s) waiting for the PBX, {copied.Phones} known phone address(es), {copied.InventoryPhones} phone(s) in the inventory, "
                + $"{copied.Groups} group(s), favourites of {copied.FavouriteLists} extension(s).");
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"Not copied: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
