using SnomPresence.Presence;
using SnomPresence.Stores.Sqlite;

namespace SnomPresence.Stores.Tests;

/// <summary>The store contract through the in-memory read cache the service puts in front of every store.</summary>
public sealed class CachedSqlitePresenceStoreTests : SqlitePresenceStoreTests
{
    protected override IPresenceStore Wrap(IPresenceStore store) => new CachingPresenceStore(store, Feed);

    protected override IPhoneInventory Wrap(IPhoneInventory inventory) => new CachingPhoneInventory(inventory);

    protected override IColleagueStore Wrap(IColleagueStore colleagues) => new CachingColleagueStore(colleagues);
}

/// <summary>The store contract on a real SQLite file in a fresh temporary folder.</summary>
public class SqlitePresenceStoreTests : PresenceStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-store-").FullName;
    private readonly List<SqliteDatabase> _databases = [];

    private string DatabasePath => Path.Combine(_folder, "nested", "presence.db");

    protected override Task<StorePorts> CreateStoreAsync() => OpenAsync();

    protected override Task<StorePorts> ReopenAsync() => OpenAsync();

    public override Task DisposeAsync()
    {
        _databases.ForEach(d => d.Dispose());
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<StorePorts> OpenAsync()
    {
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = DatabasePath }, _folder);
        _databases.Add(database);
        await database.MigrateAsync(default);
        return new StorePorts(
            Wrap(new SqlitePresenceStore(database, Feed)), new SqlitePbxOutbox(database), new SqlitePhoneDirectory(database), Wrap(new SqlitePhoneInventory(database)),
            new SqliteAdminSessions(database), Wrap(new SqliteColleagueStore(database)));
    }

    protected virtual IPresenceStore Wrap(IPresenceStore store) => store;

    protected virtual IPhoneInventory Wrap(IPhoneInventory inventory) => inventory;

    protected virtual IColleagueStore Wrap(IColleagueStore colleagues) => colleagues;
}
