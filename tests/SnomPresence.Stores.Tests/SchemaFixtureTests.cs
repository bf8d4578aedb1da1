using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using SnomPresence.Presence;
using SnomPresence.Stores.Postgres;
using SnomPresence.Stores.Sqlite;

namespace SnomPresence.Stores.Tests;

/// <summary>
/// Every schema version the SQLite and PostgreSQL stores have shipped, as a database that release filled through its
/// admin API and phone routes (Fixtures/, see its README): the current build opens each, migrates it and reads back
/// every extension, history entry, PBX change, phone and token it held, unchanged.
/// </summary>
public sealed class SchemaFixtureTests : IAsyncLifetime
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private readonly string _folder = Directory.CreateTempSubdirectory("snompresence-fixture-").FullName;
    private readonly List<StoreBackend> _backends = [];
    private readonly List<string> _databases = [];

    public static TheoryData<int> SqliteVersions => [.. Enumerable.Range(1, SqliteSchema.LatestVersion)];

    public static TheoryData<int> PostgresVersions => [.. Enumerable.Range(1, PostgresSchema.LatestVersion)];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _backends.ForEach(b => b.Dispose());
        Directory.Delete(_folder, recursive: true);
        foreach (var database in _databases)
        {
            await using var admin = NpgsqlDataSource.Create(TestServers.Postgres);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE);");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void Fixtures_ExistForEverySchemaVersion_AndNoOther()
    {
        Assert.Equal(Enumerable.Range(1, SqliteSchema.LatestVersion).Select(v => $"v{v}.sql"), FixtureFiles("sqlite"));
        Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion).Select(v => $"v{v}.sql"), FixtureFiles("postgres"));
    }

    [Theory]
    [MemberData(nameof(SqliteVersions))]
    public async Task SqliteFixture_OpenedAndMigrated_ReadsBackEverythingItHeld(int version)
    {
        var path = Path.Combine(_folder, $"v{version}.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var load = connection.CreateCommand();
            load.CommandText = await File.ReadAllTextAsync(Path.Combine(Fixtures, "sqlite", $"v{version}.sql"));
            await load.ExecuteNonQueryAsync();
            Assert.Equal(version, SqliteSchema.CurrentVersion(connection));
        }

        Stored before;
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            before = await Stored.ReadAsync(connection);
        }

        var backend = SqliteBackend.Open(path, new PresenceChangeBroadcaster());
        _backends.Add(backend);
        await backend.MigrateAsync(default);

        var snapshot = await StoreSnapshot.ReadAsync(backend, default);
        await AssertReadsBackAsync(version, before, snapshot, queueSince: 3, languageSince: 5, outboxSince: 2, phonesSince: 4, inventorySince: 6);
        AssertColleagues(snapshot, version >= 9);
        await using var migrated = new SqliteConnection($"Data Source={path};Pooling=False");
        await migrated.OpenAsync();
        Assert.Equal(SqliteSchema.LatestVersion, SqliteSchema.CurrentVersion(migrated));
    }

    [Theory]
    [MemberData(nameof(PostgresVersions))]
    public async Task PostgresFixture_RestoredWithPsqlAndMigrated_ReadsBackEverythingItHeld(int version)
    {
        var connectionString = await RestoreAsync(version);
        Stored before;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            Assert.Equal(version, await SchemaVersionAsync(connection));
            before = await Stored.ReadAsync(connection);
        }

        var backend = PostgresBackend.Create(NpgsqlDataSource.Create(connectionString), new PresenceChangeBroadcaster(), new StoreInstance());
        _backends.Add(backend);
        await backend.MigrateAsync(default);

        // PostgreSQL's first schema already had every table but the key ring's and the admin sessions'.
        var snapshot = await StoreSnapshot.ReadAsync(backend, default);
        await AssertReadsBackAsync(version, before, snapshot, queueSince: 1, languageSince: 1, outboxSince: 1, phonesSince: 1, inventorySince: 1);
        AssertColleagues(snapshot, version >= 5);
        await using var migrated = new NpgsqlConnection(connectionString);
        await migrated.OpenAsync();
        Assert.Equal(PostgresSchema.LatestVersion, await SchemaVersionAsync(migrated));
    }

    [Fact]
    public async Task PostgresFixture_OfANewerRelease_IsRefusedNamingBothVersions()
    {
        var connectionString = await RestoreAsync(PostgresSchema.LatestVersion);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var newer = new NpgsqlCommand($"INSERT INTO schema_version (version) VALUES ({PostgresSchema.LatestVersion + 1});", connection);
            await newer.ExecuteNonQueryAsync();
        }

        var backend = PostgresBackend.Create(NpgsqlDataSource.Create(connectionString), new PresenceChangeBroadcaster(), new StoreInstance());
        _backends.Add(backend);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.MigrateAsync(default));
        Assert.Contains($"schema version {PostgresSchema.LatestVersion + 1}, newer than this SnomPresence knows ({PostgresSchema.LatestVersion})", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string?> FixtureFiles(string store) =>
        Directory.GetFiles(Path.Combine(Fixtures, store)).Select(Path.GetFileName).Order(StringComparer.Ordinal);

    /// <summary>
    /// The fixtures hold what the same steps left in every release: extensions 201 (forwarding, queue, language, DND
    /// from its phone), 202 (lunch until 2036) and 203 (business trip, then DND from its phone), their history, the
    /// changes waiting for an unreachable 3CX, where the two phones were seen, and both phones in the inventory, one
    /// with a rotated token.
    /// </summary>
    /// <summary>Fixtures from the release with colleague groups hold one group and one extension's favourites; older ones none.</summary>
    private static void AssertColleagues(StoreSnapshot snapshot, bool held)
    {
        Extension[] Parse(params string[] numbers) => [.. numbers.Select(Extension.Parse)];
        if (!held)
        {
            Assert.Empty(snapshot.Groups);
            Assert.Empty(snapshot.Favourites);
            return;
        }

        Assert.Equal([new ColleagueGroup(GroupId.Parse("vertrieb"), "Vertrieb & Lager", Parse("202", "201", "203"), GroupSource.Admin)], snapshot.Groups);
        var (owner, favourites) = Assert.Single(snapshot.Favourites);
        Assert.Equal(Extension.Parse("201"), owner);
        Assert.Equal(Parse("203", "202"), favourites);
    }

    private static Task AssertReadsBackAsync(
        int version, Stored before, StoreSnapshot after, int queueSince, int languageSince, int outboxSince, int phonesSince, int inventorySince)
    {
        // Everything that was there is read back, value for value.
        Assert.Equal(before.States, after.States.Select(s => (s.Extension.Value, EnumIds.Id(s.Status), s.Since.ToUnixTimeMilliseconds(), EnumIds.Id(s.Source),
            s.ExpiresAt?.ToUnixTimeMilliseconds(), s.Version)).Order());
        Assert.Equal(before.History, after.History.Select(h => (h.Extension.Value, h.Version, h.At.ToUnixTimeMilliseconds(), EnumIds.Id(h.Kind), EnumIds.Id(h.Status),
            EnumIds.Id(h.Source), h.Origin)).Order());
        Assert.Equal(before.Outbox, after.Outbox.Select(o => (o.Extension.Value, o.Version, (int)o.Changes, o.QueuedAt.ToUnixTimeMilliseconds())).Order());
        Assert.Equal(before.Phones, after.Phones.Select(p => (p.Id, p.Extension.Value, p.Mac, p.Address, p.SeenAt.ToUnixTimeMilliseconds())).Order());
        Assert.Equal(before.Inventory, after.Inventory.Select(p => (p.Mac.Value, p.Model.Value, string.Join(' ', p.Extensions.Select(e => e.Value)), p.Token.Current, p.Token.Previous,
            p.WebLogin?.Password)).Order());

        // And it is what those steps stored, so a fixture cannot pass by being empty.
        Assert.Equal(["201", "202", "203"], after.States.Select(s => s.Extension.Value).Order(StringComparer.Ordinal));
        var reception = after.States.Single(s => s.Extension.Value == "201");
        Assert.Equal((PresenceStatus.Dnd, 6L, version >= queueSince, version >= languageSince ? Language.En : (Language?)null),
            (reception.Status, reception.Version, reception.QueueLoggedIn, reception.Language));
        Assert.Equal(ForwardingTarget.BusySignal, reception.Forwarding.Get(PresenceStatus.Away, ForwardingSlot.Internal));
        Assert.Equal(("+4917012345678", ForwardingKind.External), (reception.Forwarding.Get(PresenceStatus.Away, ForwardingSlot.External).Number,
            reception.Forwarding.Get(PresenceStatus.Away, ForwardingSlot.External).Kind));
        Assert.Equal(ForwardingTarget.ToExtension(Extension.Parse("202")), reception.Forwarding.Get(PresenceStatus.Available, ForwardingSlot.NoAnswerInternal));
        Assert.Equal("+4930123456", reception.Forwarding.Get(PresenceStatus.Available, ForwardingSlot.NotRegisteredExternal).Number);
        var lunch = after.States.Single(s => s.Extension.Value == "202");
        Assert.Equal((PresenceStatus.Lunch, new DateTimeOffset(2036, 1, 1, 12, 30, 0, TimeSpan.Zero)), (lunch.Status, lunch.ExpiresAt));
        Assert.Equal(PresenceStatus.Dnd, after.States.Single(s => s.Extension.Value == "203").Status);
        Assert.Equal([6, 2, 4], new[] { "201", "202", "203" }.Select(ext => after.History.Count(h => h.Extension.Value == ext)));
        Assert.Equal(version >= outboxSince ? ["201", "202", "203"] : [], after.Outbox.Select(o => o.Extension.Value).Order(StringComparer.Ordinal));
        Assert.Equal(version >= phonesSince ? ["000413000002", "000413A11FA7"] : [], after.Phones.Select(p => p.Mac!).Order(StringComparer.Ordinal));
        Assert.Equal(version >= inventorySince ? 2 : 0, after.Inventory.Count);
        if (version >= inventorySince)
        {
            var rotated = after.Inventory.Single(p => p.Mac.Value == "000413A11FA7");
            Assert.NotNull(rotated.Token.Previous);
            Assert.Equal(("admin", "phone-web-secret"), (rotated.WebLogin?.User, rotated.WebLogin?.Password));
        }

        return Task.CompletedTask;
    }

    /// <summary>Restores the pg_dump of <paramref name="version"/> into a new database with psql, as an admin restores one.</summary>
    private async Task<string> RestoreAsync(int version)
    {
        var database = $"snompresence_fixture_{version}_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(TestServers.Postgres))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE {database};");
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(database);
        var server = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Database = database };
        var psql = new ProcessStartInfo(Psql())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username!, "-d", database,
            "-v", "ON_ERROR_STOP=1", "-q", "-f", Path.Combine(Fixtures, "postgres", $"v{version}.sql") })
        {
            psql.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psql)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"psql could not restore v{version}.sql: {await errors}{await output}");
        return server.ConnectionString;
    }

    private static string Psql() =>
        new[] { "/usr/bin/psql" }.Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetFiles("/usr/lib/postgresql", "psql", SearchOption.AllDirectories) : [])
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("psql is missing: install Debian's postgresql package (scripts/test.sh does).");

    private static async Task<int> SchemaVersionAsync(NpgsqlConnection connection)
    {
        await using var read = new NpgsqlCommand("SELECT max(version) FROM schema_version;", connection);
        return Convert.ToInt32(await read.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The rows as the fixture holds them, read with plain SQL before the current build touches them.</summary>
    private sealed record Stored(
        List<(string, string, long, string, long?, long)> States,
        List<(string, long, long, string, string, string, string?)> History,
        List<(string, long, int, long)> Outbox,
        List<(string, string, string?, string, long)> Phones,
        List<(string, string, string, string, string?, string?)> Inventory)
    {
        public static async Task<Stored> ReadAsync(DbConnection connection)
        {
            var tables = new HashSet<string>(StringComparer.Ordinal);
            foreach (var table in new[] { "pbx_outbox", "phones", "inventory" })
            {
                await using var exists = connection.CreateCommand();
                exists.CommandText = connection is SqliteConnection
                    ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';"
                    : $"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '{table}';";
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0)
                {
                    tables.Add(table);
                }
            }

            return new Stored(
                await RowsAsync(connection, "SELECT ext, status, since, source, expires_at, version FROM extensions;",
                    r => (r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.IsDBNull(4) ? (long?)null : r.GetInt64(4), r.GetInt64(5))),
                await RowsAsync(connection, "SELECT ext, version, at, kind, status, source, origin FROM history;",
                    r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6))),
                tables.Contains("pbx_outbox")
                    ? await RowsAsync(connection, "SELECT ext, version, changes, queued_at FROM pbx_outbox;", r => (r.GetString(0), r.GetInt64(1), r.GetInt32(2), r.GetInt64(3)))
                    : [],
                tables.Contains("phones")
                    ? await RowsAsync(connection, "SELECT id, ext, mac, address, seen_at FROM phones;",
                        r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetInt64(4)))
                    : [],
                tables.Contains("inventory")
                    ? await RowsAsync(connection, "SELECT mac, model, extensions, token, previous_token, web_password FROM inventory;",
                        r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)))
                    : []);
        }

        private static async Task<List<T>> RowsAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<T>();
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return [.. rows.Order()];
        }
    }
}
