using Microsoft.Data.Sqlite;
using SnomPresence.Stores.Sqlite;

namespace SnomPresence.Stores.Tests;

/// <summary>What only the SQLite file has: its schema migrations, its path handling and the settings check.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-sqlite-").FullName;
    private readonly List<SqliteDatabase> _databases = [];

    private string DatabasePath => Path.Combine(_folder, "nested", "presence.db");

    public void Dispose()
    {
        _databases.ForEach(d => d.Dispose());
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Migrate_CreatesFileAndIsRepeatable()
    {
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = DatabasePath }, _folder);
        _databases.Add(database);
        await database.MigrateAsync(default);
        await database.MigrateAsync(default);

        Assert.True(File.Exists(DatabasePath));
        var version = await database.ReadAsync(SqliteSchema.CurrentVersion, default);
        Assert.Equal(SqliteSchema.LatestVersion, version);
        var journal = await database.ReadAsync(c => Scalar(c, "PRAGMA journal_mode;"), default);
        Assert.Equal("wal", journal);
    }

    [Fact]
    public async Task Migrate_DatabaseFromNewerRelease_RefusesToStart()
    {
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = DatabasePath }, _folder);
        _databases.Add(database);
        await database.MigrateAsync(default);
        await database.WriteAsync(c => Scalar(c, $"PRAGMA user_version = {SqliteSchema.LatestVersion + 1};"), default);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync(default));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_FileOfThePreviousRelease_ReadsItsForwardingAndOutboxUnchanged()
    {
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = Path.Combine(_folder, "previous.db") }, _folder);
        _databases.Add(database);
        // The file as the release before names and forwarding slots left it, forwarding in the old shape.
        await database.WriteAsync(c => SqliteSchema.Migrate(c, upTo: 7), default);
        await database.WriteAsync(c => Scalar(c, """
            INSERT INTO extensions (ext, status, since, source, expires_at, version, forwarding, queue, language)
            VALUES ('201', 'dnd', 1, 'phone', NULL, 2, '{"available":{"noAnswer":{"internal":{"kind":"extension","number":"202"},"external":{"kind":"voicemail"}},"busy":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"notRegistered":{"internal":{"kind":"voicemail"},"external":{"kind":"external","number":"+4930123456"}}},"away":{"dnd":{"internal":{"kind":"none"},"external":{"kind":"colleague-voicemail","number":"203"}}}}', 0, NULL);
            INSERT INTO pbx_outbox (ext, version, changes, queued_at, attempts) VALUES ('201', 2, 3, 1, 0);
            """), default);

        await database.MigrateAsync(default);

        var state = await new SqlitePresenceStore(database, new Presence.PresenceChangeBroadcaster()).GetAsync(Presence.Extension.Parse("201"), default);
        var entry = Assert.Single(await new SqlitePbxOutbox(database).PeekAsync(10, default));
        Assert.Null(state!.Name);
        var expected = Presence.ForwardingSettings.Default
            .With(Presence.PresenceStatus.Available, Presence.ForwardingSlot.NoAnswerInternal, Presence.ForwardingTarget.ToExtension(Presence.Extension.Parse("202")))
            .With(Presence.PresenceStatus.Available, Presence.ForwardingSlot.BusyInternal, Presence.ForwardingTarget.BusySignal)
            .With(Presence.PresenceStatus.Available, Presence.ForwardingSlot.NotRegisteredExternal, Presence.ForwardingTarget.TryCreate(Presence.ForwardingKind.External, "+4930123456", out var external, out _) ? external : null!)
            .With(Presence.PresenceStatus.Dnd, Presence.ForwardingSlot.Internal, Presence.ForwardingTarget.Ring)
            .With(Presence.PresenceStatus.Dnd, Presence.ForwardingSlot.External, Presence.ForwardingTarget.ToColleagueVoicemail(Presence.Extension.Parse("203")));
        Assert.Equal(expected, state.Forwarding);
        Assert.Equal((Presence.PbxChanges.Status | Presence.PbxChanges.Forwarding, true, (Presence.PbxParking?)null), (entry.Changes, entry.Slots.IsEmpty, entry.Parked));
    }

    [Fact]
    public async Task Migrate_FileFromBeforeColleagues_KeepsItsNamedExtensionAndStartsWithoutGroupsOrFavourites()
    {
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = Path.Combine(_folder, "release-8.db") }, _folder);
        _databases.Add(database);
        await database.WriteAsync(c => SqliteSchema.Migrate(c, upTo: 8), default);
        await database.WriteAsync(c => Scalar(c, """
            INSERT INTO extensions (ext, status, since, source, expires_at, version, forwarding, queue, language, name, name_source)
            VALUES ('201', 'lunch', 1, 'pbx', NULL, 3, '{}', 0, NULL, 'Erika Muster', 'pbx');
            """), default);

        await database.MigrateAsync(default);

        var state = await new SqlitePresenceStore(database, new Presence.PresenceChangeBroadcaster()).GetAsync(Presence.Extension.Parse("201"), default);
        Assert.Equal((Presence.PresenceStatus.Lunch, 3L, "Erika Muster"), (state!.Status, state.Version, state.Name?.Text));
        var colleagues = new SqliteColleagueStore(database);
        Assert.Empty(await colleagues.ListGroupsAsync(default));
        Assert.Empty(await colleagues.GetFavouritesAsync(Presence.Extension.Parse("201"), default));
    }

    [Fact]
    public async Task Migrate_InventoryFromBeforePerPhoneLogins_OpensEnrollmentForAWeek()
    {
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = Path.Combine(_folder, "release-6.db") }, _folder);
        _databases.Add(database);
        await database.WriteAsync(c => SqliteSchema.Migrate(c, upTo: 6), default);
        await database.WriteAsync(c => Scalar(c, """
            INSERT INTO inventory (mac, model, extensions, token, updated_at) VALUES ('000413A11FA7', 'D785', '201', 'tok', 0);
            """), default);

        await database.MigrateAsync(default);

        var phone = await new SqlitePhoneInventory(database).GetAsync(Presence.MacAddress.Parse("000413A11FA7"), default);
        var window = phone!.EnrollmentUntil!.Value - TimeProvider.System.GetUtcNow();
        Assert.InRange(window, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Migrate_PathBelowAFile_FailsNamingTheKey()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = Path.Combine(blocker, "presence.db") }, _folder);
        _databases.Add(database);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync(default));
        Assert.Contains("Store:Sqlite:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RelativePath_ResolvesAgainstContentRoot()
    {
        using var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = "./data/x.db" }, _folder);
        Assert.Equal(Path.Combine(_folder, "data", "x.db"), database.FilePath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("./data/")]
    public void Validator_BadPath_NamesTheKey(string path)
    {
        var result = new StoreOptionsValidator().Validate(null, new StoreOptions { Sqlite = new SqliteStoreOptions { Path = path } });
        Assert.True(result.Failed);
        Assert.Contains("Store:Sqlite:Path", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupCommit_ManyConcurrentWrites_EachAnsweredOnlyOnceReadableFromAnotherConnection()
    {
        var database = await ScratchDatabaseAsync();
        var visibleWhenAnswered = new bool[400];

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            await database.ExecuteAsync("INSERT INTO t (k) VALUES ($k);", p => p.AddWithValue("$k", $"k{i}"), default);
            // Answered means committed: a fresh connection, as after a crash, already sees the row.
            visibleWhenAnswered[i] = await database.ReadAsync(c => Scalar(c, $"SELECT count(*) FROM t WHERE k = 'k{i}';"), default) == "1";
        })));

        Assert.All(visibleWhenAnswered, Assert.True);
        Assert.Equal("400", await database.ReadAsync(c => Scalar(c, "SELECT count(*) FROM t;"), default));
    }

    [Fact]
    public async Task GroupCommit_OneFailingWrite_RollsBackOnlyItself()
    {
        var database = await ScratchDatabaseAsync();

        // Queued together without waiting, so they share one transaction.
        var first = Insert(database, "a", fail: false);
        var failing = Insert(database, "b", fail: true);
        var last = Insert(database, "c", fail: false);

        await first;
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await last;
        Assert.Equal("a c", await database.ReadAsync(c => Scalar(c, "SELECT group_concat(k, ' ') FROM (SELECT k FROM t ORDER BY k);"), default));
    }

    [Fact]
    public async Task GroupCommit_CommittedCallbacks_RunInQueueOrderBeforeTheAnswer()
    {
        var database = await ScratchDatabaseAsync();
        var announced = new List<int>();

        var writes = Enumerable.Range(0, 100).Select(i => database.WriteInGroupAsync(
            (connection, transaction) => i,
            committed: n =>
            {
                lock (announced)
                {
                    announced.Add(n);
                }
            },
            default)).ToList();
        var answers = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Range(0, 100), announced);
        Assert.Equal(Enumerable.Range(0, 100), answers);
    }

    [Fact]
    public async Task GroupCommit_Dispose_AnswersQueuedWritesFirst()
    {
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = DatabasePath }, _folder);
        await database.MigrateAsync(default);
        await database.WriteAsync(c => Scalar(c, "CREATE TABLE t (k TEXT PRIMARY KEY);"), default);
        var writes = Enumerable.Range(0, 50).Select(i => database.ExecuteAsync("INSERT INTO t (k) VALUES ($k);", p => p.AddWithValue("$k", $"k{i}"), default)).ToList();

        database.Dispose();

        await Task.WhenAll(writes);
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal("50", Scalar(connection, "SELECT count(*) FROM t;"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => database.ExecuteAsync("INSERT INTO t (k) VALUES ('late');", _ => { }, default));
    }

    private async Task<SqliteDatabase> ScratchDatabaseAsync()
    {
        var database = SqliteDatabase.Create(new SqliteStoreOptions { Path = DatabasePath }, _folder);
        _databases.Add(database);
        await database.MigrateAsync(default);
        await database.WriteAsync(c => Scalar(c, "CREATE TABLE t (k TEXT PRIMARY KEY);"), default);
        return database;
    }

    private static Task<int> Insert(SqliteDatabase database, string key, bool fail) =>
        database.WriteInGroupAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO t (k) VALUES ($k);";
                command.Parameters.AddWithValue("$k", key);
                command.ExecuteNonQuery();
                return fail ? throw new InvalidOperationException("Refused after writing.") : 1;
            },
            committed: null,
            default);

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
