using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SnomPresence.Stores.Sqlite;

namespace SnomPresence.Stores;

/// <summary>What <c>store check</c> (or a backup's check of its copy) found.</summary>
/// <param name="Store">Which store: the SQLite file's path, or the provider.</param>
/// <param name="SchemaVersion">The store's schema version, where the check reads it (SQLite).</param>
/// <param name="LatestSchemaVersion">The version this release migrates to at start-up.</param>
/// <param name="Problems">Everything wrong; empty when the store is sound.</param>
public sealed record StoreCheckReport(string Store, int? SchemaVersion, int? LatestSchemaVersion, IReadOnlyList<string> Problems, StoreCounts Counts);

/// <summary><c>store backup</c> and <c>store check</c>: a consistent copy of the SQLite file and a look at what a store holds.</summary>
public static class StoreMaintenance
{
    private static readonly string[] CountedTables = ["extensions", "history", "pbx_outbox", "phones", "inventory", "colleague_groups", "favourites"];

    /// <summary>
    /// Copies the configured SQLite store into <paramref name="destination"/> with SQLite's online backup: the service
    /// keeps reading and writing meanwhile, and the copy is the database at one moment, the committed changes up to
    /// then and nothing half-written. The copy is made beside the destination and renamed over it only once it passed
    /// its integrity check, so an earlier backup there survives a failed one.
    /// </summary>
    public static StoreCheckReport BackupSqlite(this IServiceProvider services, string destination)
    {
        var source = ConfiguredSqlitePath(services, "store backup");
        var temporary = destination + ".tmp";
        File.Delete(temporary);
        try
        {
            using (var from = Open(source, SqliteOpenMode.ReadWrite))
            using (var to = Open(temporary, SqliteOpenMode.ReadWriteCreate))
            {
                from.BackupDatabase(to);
                // One self-contained file: no -wal beside it to forget when the copy is moved elsewhere.
                SqliteDatabase.Execute(to, "PRAGMA journal_mode=DELETE;");
            }

            var check = CheckSqliteFile(temporary);
            if (check.Problems.Count > 0)
            {
                throw new InvalidOperationException($"The copy failed its integrity check, {destination} was left as it was: {string.Join("; ", check.Problems)}");
            }

            File.Move(temporary, destination, overwrite: true);
            return check with { Store = destination };
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Copying {source} to {destination} failed: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Checks the configured store without changing it. SQLite: its integrity check, its schema version and the rows of
    /// each table, while the service may run. PostgreSQL and Redis: every record read through the store's own code, so
    /// one it cannot read is found; their files are the servers' to check.
    /// </summary>
    public static async Task<StoreCheckReport> CheckConfiguredStoreAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var provider = services.GetRequiredService<IOptions<StoreOptions>>().Value.Provider;
        if (provider == StoreProvider.Sqlite)
        {
            var path = ConfiguredSqlitePath(services, "store check");
            try
            {
                return CheckSqliteFile(path);
            }
            catch (SqliteException ex)
            {
                return new StoreCheckReport(path, null, SqliteSchema.LatestVersion, [$"Not a readable SQLite store: {ex.Message}"], new StoreCounts(0, 0, 0, 0, 0, 0, 0));
            }
        }

        try
        {
            var snapshot = await StoreSnapshot.ReadAsync(services.GetRequiredService<StoreBackend>(), cancellationToken).ConfigureAwait(false);
            return new StoreCheckReport(provider.ToString(), null, null, [], snapshot.Counts);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new StoreCheckReport(provider.ToString(), null, null, [$"Reading every record failed: {ex.Message}"], new StoreCounts(0, 0, 0, 0, 0, 0, 0));
        }
    }

    private static StoreCheckReport CheckSqliteFile(string path)
    {
        using var connection = Open(path, SqliteOpenMode.ReadWrite);
        var problems = new List<string>();
        using (var integrity = connection.CreateCommand())
        {
            integrity.CommandText = "PRAGMA integrity_check;";
            using var reader = integrity.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetString(0) is var line and not "ok")
                {
                    problems.Add(line);
                }
            }
        }

        var version = SqliteSchema.CurrentVersion(connection);
        if (version > SqliteSchema.LatestVersion)
        {
            problems.Add($"Schema version {version} is newer than this release knows ({SqliteSchema.LatestVersion}); check it with the newer release.");
        }

        var counts = CountedTables.Select(table => Exists(connection, table) ? Count(connection, table) : 0).ToArray();
        return new StoreCheckReport(path, version, SqliteSchema.LatestVersion, problems, new StoreCounts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]));
    }

    private static string ConfiguredSqlitePath(IServiceProvider services, string command)
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        if (options.Provider != StoreProvider.Sqlite)
        {
            throw new InvalidOperationException(
                $"{command} works on the SQLite file, and Store:Provider is {options.Provider}: back up PostgreSQL with pg_dump and Redis with its AOF or RDB files (README, Backup).");
        }

        using var database = SqliteDatabase.Create(options.Sqlite, services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        return File.Exists(database.FilePath)
            ? database.FilePath
            : throw new InvalidOperationException($"There is no SQLite store at {database.FilePath} (Store:Sqlite:Path).");
    }

    // Unpooled: the file is renamed or left right after, with no connection kept open on it.
    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }

    private static bool Exists(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static int Count(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table};";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
