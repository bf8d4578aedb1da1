using Microsoft.Data.Sqlite;

namespace SnomPresence.Stores.Sqlite;

/// <summary>
/// The SQLite file: one long-lived writer connection (SQLite has a single writer anyway, and keeping it open
/// saves re-applying pragmas) and pooled connections for readers, which WAL lets run beside the writer.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writer;

    private SqliteDatabase(string path, string connectionString)
    {
        FilePath = path;
        ConnectionString = connectionString;
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public static SqliteDatabase Create(SqliteStoreOptions options, string contentRoot)
    {
        var path = Path.GetFullPath(options.Path, contentRoot);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 10,
        }.ToString();
        return new SqliteDatabase(path, connectionString);
    }

    /// <summary>Creates the file and schema, or brings an older schema up to date.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var directory = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            await WriteAsync(connection => SqliteSchema.Migrate(connection), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new InvalidOperationException($"Store:Sqlite:Path '{FilePath}' cannot be used as the database: {ex.Message}", ex);
        }
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return read(connection);
    }

    /// <summary>Runs <paramref name="write"/> alone on the writer connection.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return write(_writer ??= OpenWriter());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>One statement on the writer connection; answers the number of rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken) =>
        WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public void Dispose()
    {
        _writer?.Dispose();
        _writeLock.Dispose();
    }

    private SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        // WAL lets readers run during writes; synchronous=FULL makes each commit durable before the phone hears 200.
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
