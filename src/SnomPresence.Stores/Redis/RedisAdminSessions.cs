using SnomPresence.Presence;
using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>
/// A session is a key holding its expiry, which Redis also removes by itself a little after it has passed: the
/// stored expiry decides, so Redis's clock and this instance's need not agree to the second.
/// </summary>
internal sealed class RedisAdminSessions(RedisConnection connection, TimeProvider time) : IAdminSessionStore
{
    public Task StartAsync(string id, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var lifetime = expiresAt - time.GetUtcNow() + TimeSpan.FromMinutes(1);
        return connection.Database.StringSetAsync(Key(id), expiresAt.ToUnixTimeMilliseconds(), lifetime > TimeSpan.FromMinutes(1) ? lifetime : TimeSpan.FromMinutes(1))
            .WaitAsync(cancellationToken);
    }

    public async Task<bool> IsActiveAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expires = await connection.Database.StringGetAsync(Key(id)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return expires.TryParse(out long ms) && ms > now.ToUnixTimeMilliseconds();
    }

    public Task EndAsync(string id, CancellationToken cancellationToken) => connection.Database.KeyDeleteAsync(Key(id)).WaitAsync(cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);

    private RedisKey Key(string id) => connection.Key("admin-session:" + id);
}
