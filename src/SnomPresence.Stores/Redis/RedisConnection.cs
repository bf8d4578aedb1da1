using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>
/// The multiplexer the Redis ports share, and the prefix of every key and of the notice channel, so several
/// deployments (or test runs) can share one Redis without seeing each other.
/// </summary>
internal sealed class RedisConnection(IConnectionMultiplexer multiplexer, string keyPrefix) : IDisposable
{
    public IConnectionMultiplexer Multiplexer => multiplexer;

    public string KeyPrefix => keyPrefix;

    public IDatabase Database => multiplexer.GetDatabase();

    /// <summary>Where instances sharing the prefix tell each other what they stored.</summary>
    public RedisChannel Channel { get; } = RedisChannel.Literal(keyPrefix + StoreNotice.Channel);

    public RedisKey Key(string name) => new(keyPrefix + name);

    public void Dispose() => multiplexer.Dispose();
}
