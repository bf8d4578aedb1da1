using Microsoft.Extensions.Options;

namespace SnomPresence.Stores;

/// <summary>Which store holds presence state; the embedded SQLite file is the default, PostgreSQL or Redis for several instances.</summary>
public enum StoreProvider
{
    Sqlite,
    Postgres,
    Redis,
}

public sealed class StoreOptions
{
    public const string SectionName = "Store";

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    public SqliteStoreOptions Sqlite { get; set; } = new();

    public PostgresStoreOptions Postgres { get; set; } = new();

    public RedisStoreOptions Redis { get; set; } = new();
}

public sealed class PostgresStoreOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=snompresence;Username=snompresence;Password=…</c>; the password is never logged.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class RedisStoreOptions
{
    /// <summary>A StackExchange.Redis configuration, e.g. <c>redis1:6379,password=…</c>; the password is never logged.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "snompresence:";
}

public sealed class SqliteStoreOptions
{
    /// <summary>The database file; relative paths are resolved against the content root (the working directory).</summary>
    public string Path { get; set; } = "./data/snompresence.db";
}

internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"Store:Provider '{options.Provider}' is unknown; use one of: {string.Join(", ", Enum.GetNames<StoreProvider>())}.");
        }

        if (options.Provider == StoreProvider.Sqlite)
        {
            var path = options.Sqlite.Path;
            if (string.IsNullOrWhiteSpace(path))
            {
                return ValidateOptionsResult.Fail("Store:Sqlite:Path must name the database file, e.g. ./data/snompresence.db.");
            }

            if (path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || path.EndsWith('/') || path.EndsWith('\\'))
            {
                return ValidateOptionsResult.Fail($"Store:Sqlite:Path '{path}' is not a file path.");
            }
        }

        if (options.Provider == StoreProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.Postgres.ConnectionString))
            {
                return ValidateOptionsResult.Fail("Store:Postgres:ConnectionString must be set when Store:Provider is Postgres, e.g. Host=db;Database=snompresence;Username=snompresence;Password=….");
            }

            if (!ParsesAsNpgsql(options.Postgres.ConnectionString))
            {
                return ValidateOptionsResult.Fail("Store:Postgres:ConnectionString is not a valid Npgsql connection string (keyword=value pairs separated by ';').");
            }
        }

        if (options.Provider == StoreProvider.Redis)
        {
            if (string.IsNullOrWhiteSpace(options.Redis.Configuration))
            {
                return ValidateOptionsResult.Fail("Store:Redis:Configuration must be set when Store:Provider is Redis, e.g. redis1:6379,password=….");
            }

            if (!ParsesAsRedis(options.Redis.Configuration))
            {
                return ValidateOptionsResult.Fail("Store:Redis:Configuration is not a valid StackExchange.Redis configuration (host:port, then options such as password=…).");
            }

            if (string.IsNullOrEmpty(options.Redis.KeyPrefix) || options.Redis.KeyPrefix.Any(char.IsWhiteSpace))
            {
                return ValidateOptionsResult.Fail("Store:Redis:KeyPrefix must be a non-empty prefix without spaces, e.g. snompresence:.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    // The client libraries are touched only in these methods, so a service on SQLite never loads them (about
    // 3 MiB resident together, docs/benchmarks.md); inlined, the JIT would load them for every validation.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool ParsesAsNpgsql(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            // The message could quote the password, so it is not passed on.
            return false;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool ParsesAsRedis(string configuration)
    {
        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
