using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>
/// Redis shared by several instances: every port over one multiplexer, and the instances tell each other what they
/// stored through pub/sub on the prefix's channel.
/// </summary>
internal static class RedisBackend
{
    /// <summary>The layout of the keys this release writes; a newer layout under the same prefix is refused.</summary>
    /// <remarks>
    /// 2: inventory phones carry <c>enrollmentUntil</c>. 3: extensions carry a name, outbox entries their forwarding
    /// slots and, while parked, the reason; older data reads as it is. 4: colleague groups and favourites (two
    /// new hashes; nothing older is moved).
    /// </remarks>
    public const int SchemaVersion = 4;

    public static StoreBackend Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value.Redis;
        var configuration = ConfigurationOptions.Parse(
            options.Configuration ?? throw new InvalidOperationException("Store:Redis:Configuration must be set when Store:Provider is Redis."));
        // Start even while Redis is down: the multiplexer keeps reconnecting, and health checks report the outage.
        configuration.AbortOnConnectFail = false;
        return Create(
            ConnectionMultiplexer.Connect(configuration),
            options.KeyPrefix,
            services.GetRequiredService<PresenceChangeBroadcaster>(),
            services.GetRequiredService<StoreInstance>(),
            services.GetRequiredService<TimeProvider>());
    }

    /// <summary>The backend over an existing multiplexer, which it then owns.</summary>
    public static StoreBackend Create(IConnectionMultiplexer multiplexer, string keyPrefix, PresenceChangeBroadcaster feed, StoreInstance instance, TimeProvider time)
    {
        var connection = new RedisConnection(multiplexer, keyPrefix);
        return new StoreBackend(
            new RedisPresenceStore(connection, feed, instance),
            new RedisPbxOutbox(connection),
            new RedisPhoneDirectory(connection),
            new RedisPhoneInventory(connection, instance),
            new RedisColleagueStore(connection, instance),
            new RedisWorkLease(connection, instance),
            new RedisAdminSessions(connection, time),
            cancellationToken => MigrateAsync(connection, time, cancellationToken),
            (applier, cancellationToken) => ListenAsync(connection, applier, cancellationToken),
            (snapshot, progress, cancellationToken) => RedisImport.ImportAsync(connection, snapshot, progress, cancellationToken),
            new RedisKeyRing(connection),
            connection);
    }

    private static async Task MigrateAsync(RedisConnection connection, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = connection.Key("schema");
        var database = connection.Database;
        RedisValue stored;
        try
        {
            await database.StringSetAsync(key, SchemaVersion, when: When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false);
            stored = await database.StringGetAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (stored.TryParse(out long found) && found < SchemaVersion)
            {
                if (found == 1)
                {
                    await OpenEnrollmentAsync(connection, time.GetUtcNow().AddDays(7), cancellationToken).ConfigureAwait(false);
                }

                // From layout 2 on nothing is moved: the fields it lacks read as empty. Never lowers a newer layout.
                await database.ScriptEvaluateAsync(
                    "local v = tonumber(redis.call('GET', KEYS[1])) if v and v < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end return 0",
                    [key],
                    [SchemaVersion]).WaitAsync(cancellationToken).ConfigureAwait(false);
                stored = await database.StringGetAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The configuration is not quoted: it may carry the password.
            throw new InvalidOperationException(
                $"The Redis server of Store:Redis:Configuration cannot be used: {ex.GetType().Name}. Check the host, port and password.", ex);
        }

        if (!stored.TryParse(out long version) || version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The Redis data under Store:Redis:KeyPrefix '{connection.KeyPrefix}' has schema version '{stored}', newer than this release knows ({SchemaVersion}); run a newer release or choose another Store:Redis:KeyPrefix.");
        }
    }

    // KEYS: inventory. ARGV: MAC, the document as read, the document with enrollment. Only an unchanged document is replaced.
    private const string ReplaceUnchangedScript = """
        if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        end
        return 0
        """;

    /// <summary>
    /// From layout 1: phones installed before per-phone provisioning logins get seven days from the upgrade to fetch
    /// theirs with the enrollment login. Safe to run twice, or on two instances at once.
    /// </summary>
    private static async Task OpenEnrollmentAsync(RedisConnection connection, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var inventory = connection.Key("inventory");
        foreach (var entry in await connection.Database.HashGetAllAsync(inventory).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            var phone = RedisPhoneInventory.Read(MacAddress.Parse(entry.Name.ToString()), entry.Value.ToString());
            if (phone.EnrollmentUntil is null)
            {
                await connection.Database.ScriptEvaluateAsync(
                    ReplaceUnchangedScript, [inventory], [entry.Name, entry.Value, RedisPhoneInventory.Write(phone with { EnrollmentUntil = until })]).ConfigureAwait(false);
            }
        }
    }

    private static async Task ListenAsync(RedisConnection connection, StoreNoticeApplier applier, CancellationToken cancellationToken)
    {
        var multiplexer = connection.Multiplexer;
        // Notices published while the connection was down are lost for good: nothing cached may be trusted.
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => applier.ForgetEverything();
        multiplexer.ConnectionRestored += OnRestored;
        ChannelMessageQueue? queue = null;
        try
        {
            queue = await multiplexer.GetSubscriber().SubscribeAsync(connection.Channel).WaitAsync(cancellationToken).ConfigureAwait(false);
            // One message at a time, in the order Redis delivered them, so an extension's versions are applied in order.
            queue.OnMessage(async message =>
            {
                try
                {
                    await applier.ApplyAsync(message.Message.ToString(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // A notice that could not be applied leaves a cache behind the store.
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        applier.ForgetEverything();
                    }
                }
            });
            // Anything stored before the subscription stood was not heard.
            applier.ForgetEverything();
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            multiplexer.ConnectionRestored -= OnRestored;
            if (queue is not null)
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }
        }
    }
}
