using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace SnomPresence.Stores.Sqlite;

/// <summary>
/// The SQLite file: one long-lived writer connection (SQLite has a single writer anyway, and keeping it open
/// saves re-applying pragmas) and pooled connections for readers, which WAL lets run beside the writer.
/// </summary>
/// <remarks>
/// Durable writes are group-committed: writes that arrive while a commit is being flushed to disk wait in a queue
/// and go into the next transaction together, each inside its own savepoint, so one failing write rolls back
/// only itself. A caller hears back only after the transaction holding its write is committed, so every
/// acknowledged change is on disk; the disk flush is shared by the whole group instead of paid per change.
/// </remarks>
internal sealed class SqliteDatabase : IDisposable
{
    /// <summary>At most this many writes share one commit, so a long queue still gets answers in steady steps.</summary>
    private const int MaxGroup = 256;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<GroupedWrite> _queue = Channel.CreateUnbounded<GroupedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _start = new();
    private Task? _committer;
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
        // Each pooled reader keeps its own page cache, 2 MB by default, filled by the cache misses of a large office;
        // the service's own caches answer the repeated reads, and the operating system keeps the file's pages anyway.
        Execute(connection, ReaderCacheSize);
        return read(connection);
    }

    /// <summary>
    /// Runs <paramref name="write"/> inside the next group commit and answers its result once that commit is on
    /// disk; <paramref name="committed"/> then runs in queue order, before the caller hears back (e.g. to announce
    /// the change, so listeners see an extension's changes in commit order).
    /// </summary>
    public Task<T> WriteInGroupAsync<T>(Func<SqliteConnection, SqliteTransaction, T> write, Action<T>? committed, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCommitter();
        var pending = new GroupedWrite<T>(write, committed, cancellationToken);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Task;
    }

    /// <summary>Runs <paramref name="write"/> alone on the writer connection, managing its own transactions (migrations, bulk imports).</summary>
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

    /// <summary>One statement in the next group commit; answers the number of rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken) =>
        WriteInGroupAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            bind(command.Parameters);
            return command.ExecuteNonQuery();
        }, committed: null, cancellationToken);

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        // Writes already queued are committed and answered before the connection closes.
        _committer?.GetAwaiter().GetResult();
        _writeLock.Dispose();
        // The readers' pooled connections close with the store, so the file is free (a restore, a copy); only this
        // file's pool: clearing every pool would close connections other databases of the process are using.
        using var pooled = new SqliteConnection(ConnectionString);
        _writer?.Dispose();
        SqliteConnection.ClearPool(pooled);
    }

    private void EnsureCommitter()
    {
        if (_committer is not null)
        {
            return;
        }

        lock (_start)
        {
            _committer ??= Task.Run(CommitGroupsAsync);
        }
    }

    private async Task CommitGroupsAsync()
    {
        var group = new List<GroupedWrite>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var write))
            {
                group.Add(write);
            }

            await _writeLock.WaitAsync().ConfigureAwait(false);
            try
            {
                Commit(group);
            }
            catch (Exception ex)
            {
                // Whatever broke, the waiting callers get an answer and the next group gets its own chance.
                group.ForEach(write => write.Fail(ex));
            }
            finally
            {
                _writeLock.Release();
                group.Clear();
            }
        }
    }

    private void Commit(List<GroupedWrite> group)
    {
        SqliteTransaction transaction;
        try
        {
            transaction = (_writer ??= OpenWriter()).BeginTransaction();
        }
        catch (Exception ex)
        {
            group.ForEach(write => write.Fail(ex));
            return;
        }

        using (transaction)
        {
            var applied = new List<GroupedWrite>(group.Count);
            foreach (var write in group)
            {
                if (write.IsCancelled)
                {
                    write.Cancel();
                    continue;
                }

                try
                {
                    transaction.Save("write");
                    write.Run(_writer, transaction);
                    transaction.Release("write");
                    applied.Add(write);
                }
                catch (Exception ex)
                {
                    UndoWrite(transaction);
                    write.Fail(ex);
                }
            }

            try
            {
                transaction.Commit();
            }
            catch (Exception ex)
            {
                applied.ForEach(write => write.Fail(ex));
                return;
            }

            applied.ForEach(write => write.Complete());
        }
    }

    private static void UndoWrite(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback("write");
            transaction.Release("write");
        }
        catch (SqliteException)
        {
            // The transaction itself is broken: its commit fails and every write in it is answered with that error.
        }
    }

    private SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        // WAL lets readers run during writes; synchronous=FULL makes each commit durable before the phone hears 200.
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        return connection;
    }

    private const string ReaderCacheSize = "PRAGMA cache_size = -256;";

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private abstract class GroupedWrite
    {
        public abstract bool IsCancelled { get; }

        public abstract void Run(SqliteConnection connection, SqliteTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private sealed class GroupedWrite<T>(
        Func<SqliteConnection, SqliteTransaction, T> write, Action<T>? committed, CancellationToken cancellationToken) : GroupedWrite
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _answer.Task;

        public override bool IsCancelled => cancellationToken.IsCancellationRequested;

        public override void Run(SqliteConnection connection, SqliteTransaction transaction) => _result = write(connection, transaction);

        public override void Complete()
        {
            try
            {
                committed?.Invoke(_result);
                _answer.TrySetResult(_result);
            }
            catch (Exception ex)
            {
                // The write is on disk, but the caller must hear that announcing it failed; the next group goes on.
                _answer.TrySetException(ex);
            }
        }

        public override void Fail(Exception exception) => _answer.TrySetException(exception);

        public override void Cancel() => _answer.TrySetCanceled(cancellationToken);
    }
}
