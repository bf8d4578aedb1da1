using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Sqlite;

/// <summary>The embedded default: one file, one process, so there is nobody to hear from.</summary>
internal static class SqliteBackend
{
    public static StoreBackend Create(IServiceProvider services)
    {
        var database = SqliteDatabase.Create(
            services.GetRequiredService<IOptions<StoreOptions>>().Value.Sqlite,
            services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        return new StoreBackend(
            new SqlitePresenceStore(database, services.GetRequiredService<PresenceChangeBroadcaster>()),
            new SqlitePbxOutbox(database),
            new SqlitePhoneDirectory(database),
            new SqlitePhoneInventory(database),
            new SqliteWorkLease(),
            database.MigrateAsync,
            ListenAsync: null,
            database);
    }
}
