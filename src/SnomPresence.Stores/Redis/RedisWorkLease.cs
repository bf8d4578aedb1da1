using SnomPresence.Presence;

namespace SnomPresence.Stores.Redis;

/// <summary>Leases as keys that expire by themselves: taken when absent, renewed only by their holder.</summary>
internal sealed class RedisWorkLease(RedisConnection connection, StoreInstance instance) : IWorkLease
{
    private const string HoldScript =
        """
        local holder = redis.call('GET', KEYS[1])
        if holder == false or holder == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    private const string ReleaseScript =
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    public async Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        var held = await connection.Database.ScriptEvaluateAsync(
            HoldScript, [connection.Key("lease:" + name)], [instance.Id, (long)duration.TotalMilliseconds]).ConfigureAwait(false);
        return (long)held == 1;
    }

    public Task ReleaseAsync(string name, CancellationToken cancellationToken) =>
        connection.Database.ScriptEvaluateAsync(ReleaseScript, [connection.Key("lease:" + name)], [instance.Id]);
}
