using Microsoft.Data.Sqlite;
using SnomPresence.Presence;
using SnomPresence.Stores.Sqlite;

namespace SnomPresence.Stores.Tests;

/// <summary>The store contract through the in-memory read cache the service puts in front of every store.</summary>
public sealed class CachedSqlitePresenceStoreTests : SqlitePresenceStoreTests
{
    protected override IPresenceStore Wrap(IPresenceStore store) => new CachingPresenceStore(store);
}

/// <summary>The store contract on a real SQLite file in a fresh temporary folder.</summary>
public class SqlitePresenceStoreTests : PresenceStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-store-").FullName;
    private readonly List<SqliteDatabase> _databases = [];

    private string DatabasePath => Path.Combine(_folder, "nested", "presence.db");

    protected override Task<(IPresenceStore Store, IPbxOutbox Outbox, IPhoneDirectory Phones)> CreateStoreAsync() => OpenAsync();

    protected override Task<(IPresenceStore Store, IPbxOutbox Outbox, IPhoneDirectory Phones)> ReopenAsync() => OpenAsync();

    public override Task DisposeAsync()
    {
        _databases.ForEach(d => d.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<(IPresenceStore Store, IPbxOutbox Outbox, IPhoneDirectory Phones)> OpenAsync()
    {
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = DatabasePath }, _folder);
        _databases.Add(database);
        await database.MigrateAsync(default);
        return (Wrap(new SqlitePresenceStore(database, Feed)), new SqlitePbxOutbox(database), new SqlitePhoneDirectory(database));
    }

    protected virtual IPresenceStore Wrap(IPresenceStore store) => store;
}
