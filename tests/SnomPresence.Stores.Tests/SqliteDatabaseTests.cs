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
        SqliteConnection.ClearAllPools();
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

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
