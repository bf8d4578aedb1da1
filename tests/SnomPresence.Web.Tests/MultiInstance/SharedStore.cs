using Npgsql;
using StackExchange.Redis;

namespace SnomPresence.Web.Tests.MultiInstance;

/// <summary>
/// A store several service instances share, fresh for one test: a database of its own on the throwaway PostgreSQL
/// server, or a key prefix of its own on the throwaway Redis of scripts/test.sh. Missing servers fail the test.
/// </summary>
public abstract class SharedStore : IAsyncDisposable
{
    public abstract string Provider { get; }

    /// <summary>The settings that point an instance at this store.</summary>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    public static async Task<SharedStore> CreateAsync(string provider) => provider switch
    {
        "Postgres" => await PostgresStore.CreateAsync(),
        "Redis" => new RedisStore(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public abstract ValueTask DisposeAsync();

    /// <summary>Cuts every connection this test's instances hold to the store, as a store restart or a network failure would.</summary>
    public abstract Task DropConnectionsAsync();

    private static string Required(string variable, string server) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: run scripts/test.sh, which starts a throwaway {server} server for the tests, or point {variable} at one.");

    private sealed class PostgresStore(string server, string database) : SharedStore
    {
        public override string Provider => "Postgres";

        public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Store:Provider"] = "Postgres",
            ["Store:Postgres:ConnectionString"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
        };

        public static async Task<SharedStore> CreateAsync()
        {
            var server = Required("SNOMPRESENCE_TEST_PG", "PostgreSQL");
            var database = "snompresence_web_" + Guid.NewGuid().ToString("N");
            await using var admin = NpgsqlDataSource.Create(server);
            await using var create = admin.CreateCommand($"CREATE DATABASE {database};");
            await create.ExecuteNonQueryAsync();
            return new PostgresStore(server, database);
        }

        public override async Task DropConnectionsAsync()
        {
            await using var admin = NpgsqlDataSource.Create(server);
            await using var kill = admin.CreateCommand($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database}';");
            await kill.ExecuteScalarAsync();
        }

        public override async ValueTask DisposeAsync()
        {
            await using var admin = NpgsqlDataSource.Create(server);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE);");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private sealed class RedisStore : SharedStore
    {
        private readonly string _server = Required("SNOMPRESENCE_TEST_REDIS", "Redis");
        private readonly string _prefix = $"web:{Guid.NewGuid():N}:";

        // The instances' connections carry this name, so cutting them leaves other tests on the same server alone.
        private readonly string _clientName = $"snompresence-web-{Guid.NewGuid():N}";

        public override string Provider => "Redis";

        public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Store:Provider"] = "Redis",
            ["Store:Redis:Configuration"] = $"{_server},name={_clientName}",
            ["Store:Redis:KeyPrefix"] = _prefix,
        };

        public override async Task DropConnectionsAsync()
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(_server + ",allowAdmin=true");
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            var cut = 0;
            foreach (var client in await server.ClientListAsync())
            {
                if (client.Name == _clientName)
                {
                    await server.ClientKillAsync(client.Address!);
                    cut++;
                }
            }

            Assert.True(cut > 0, $"No connection named {_clientName} was open to cut.");
        }

        public override async ValueTask DisposeAsync()
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(_server);
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            await foreach (var key in server.KeysAsync(pattern: _prefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }
    }
}
