using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Stores.Sqlite;

/// <summary>The embedded default: one file, one process, so there is nobody to hear from.</summary>
internal static class SqliteBackend
{
    public static StoreBackend Create(IServiceProvider services) => Create(
        SqliteDatabase.Create(
            services.GetRequiredService<IOptions<StoreOptions>>().Value.Sqlite,
            services.GetRequiredService<IHostEnvironment>().ContentRootPath),
        services.GetRequiredService<PresenceChangeBroadcaster>());

    /// <summary>The store in the file at <paramref name="path"/>, e.g. to copy it elsewhere.</summary>
    public static StoreBackend Open(string path, PresenceChangeBroadcaster feed) =>
        Create(SqliteDatabase.Create(new SqliteStoreOptions { Path = path }, Path.GetDirectoryName(path)!), feed);

    private static StoreBackend Create(SqliteDatabase database, PresenceChangeBroadcaster feed)
    {
        return new StoreBackend(
            new SqlitePresenceStore(database, feed),
            new SqlitePbxOutbox(database),
            new SqlitePhoneDirectory(database),
            new SqlitePhoneInventory(database),
            new SqliteColleagueStore(database),
            new SqliteWorkLease(),
            new SqliteAdminSessions(database),
            database.MigrateAsync,
            ListenAsync: null,
            ImportAsync: null,
            new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(database.FilePath)!, "keys")), NullLoggerFactory.Instance),
            database);
    }
}
