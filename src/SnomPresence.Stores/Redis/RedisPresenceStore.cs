using System.Text.Json;
using SnomPresence.Presence;
using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>
/// Presence in Redis: one hash per extension, its history in a sorted set by version, an expiry index and the PBX
/// outbox. A save is one Lua script, so the compare-and-set, the history entry, the outbox entry and the notice to
/// the other instances happen together or not at all.
/// </summary>
internal sealed class RedisPresenceStore(RedisConnection connection, PresenceChangeBroadcaster feed, StoreInstance instance) : IPresenceStore
{
    // KEYS: state, all extensions, history, expiry index, outbox entry, outbox queue, parked outbox entries.
    // ARGV: expected version (0: must not exist), extension, version, status, since, source, expires (''), forwarding,
    //       queue, language (''), history version, history entry, PBX changes, queued at, channel, notice, name (''),
    //       name source (''), forwarding slots.
    private const string SaveScript = """
        if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') ~= tonumber(ARGV[1]) then
            return 0
        end
        redis.call('HSET', KEYS[1], 'version', ARGV[3], 'status', ARGV[4], 'since', ARGV[5], 'source', ARGV[6],
            'expires', ARGV[7], 'forwarding', ARGV[8], 'queue', ARGV[9], 'language', ARGV[10], 'name', ARGV[17], 'name_source', ARGV[18])
        redis.call('SADD', KEYS[2], ARGV[2])
        redis.call('ZADD', KEYS[3], ARGV[11], ARGV[12])
        if ARGV[7] == '' then
            redis.call('ZREM', KEYS[4], ARGV[2])
        else
            redis.call('ZADD', KEYS[4], ARGV[7], ARGV[2])
        end
        local changes = tonumber(ARGV[13])
        if changes ~= 0 then
            local queued = redis.call('HGET', KEYS[5], 'changes')
            if queued then
                -- Slots take up to 40 bits, beyond what bit.bor handles: or-ed bit by bit on exact doubles.
                local a, b, slots, place = tonumber(redis.call('HGET', KEYS[5], 'slots') or '0'), tonumber(ARGV[19]), 0, 1
                while a > 0 or b > 0 do
                    local x, y = a % 2, b % 2
                    if x == 1 or y == 1 then slots = slots + place end
                    a, b, place = (a - x) / 2, (b - y) / 2, place * 2
                end
                redis.call('HSET', KEYS[5], 'version', ARGV[3], 'changes', bit.bor(tonumber(queued), changes), 'slots', string.format('%.0f', slots))
                if redis.call('HEXISTS', KEYS[5], 'parked') == 1 then
                    redis.call('HDEL', KEYS[5], 'parked', 'parked_at')
                    redis.call('ZREM', KEYS[7], ARGV[2])
                    redis.call('ZADD', KEYS[6], redis.call('HGET', KEYS[5], 'queued'), ARGV[2])
                end
            else
                redis.call('HSET', KEYS[5], 'version', ARGV[3], 'changes', changes, 'queued', ARGV[14], 'attempts', 0, 'slots', ARGV[19])
                redis.call('ZADD', KEYS[6], ARGV[14], ARGV[2])
            end
        end
        redis.call('PUBLISH', ARGV[15], ARGV[16])
        return 1
        """;

    private readonly ExtensionLocks _locks = new();

    public static RedisKey StateKey(RedisConnection connection, Extension extension) => connection.Key("ext:" + extension.Value);

    public static RedisKey ExtensionsKey(RedisConnection connection) => connection.Key("exts");

    public static RedisKey HistoryKey(RedisConnection connection, Extension extension) => connection.Key("history:" + extension.Value);

    public static RedisKey ExpiryKey(RedisConnection connection) => connection.Key("expiry");

    public async Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken)
    {
        var fields = await connection.Database.HashGetAllAsync(StateKey(connection, extension)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return ReadState(extension, fields);
    }

    public async Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken)
    {
        var members = await connection.Database.SetMembersAsync(ExtensionsKey(connection)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var states = await ReadStatesAsync(members.Select(m => Extension.Parse(m.ToString())), cancellationToken).ConfigureAwait(false);
        states.Sort((a, b) => Extension.Order.Compare(a.Extension, b.Extension));
        return states;
    }

    public async Task<bool> TrySaveAsync(
        PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken)
    {
        var extension = updated.Extension;
        RedisKey[] keys =
        [
            StateKey(connection, extension),
            ExtensionsKey(connection),
            HistoryKey(connection, entry.Extension),
            ExpiryKey(connection),
            RedisPbxOutbox.EntryKey(connection, extension),
            RedisPbxOutbox.QueueKey(connection),
            RedisPbxOutbox.ParkedKey(connection),
        ];
        RedisValue[] values =
        [
            current?.Version ?? 0,
            extension.Value,
            updated.Version,
            EnumIds.Id(updated.Status),
            updated.Since.ToUnixTimeMilliseconds(),
            EnumIds.Id(updated.Source),
            updated.ExpiresAt is { } expires ? expires.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            ForwardingDocument.Serialize(updated.Forwarding),
            updated.QueueLoggedIn ? 1 : 0,
            updated.Language is { } language ? EnumIds.Id(language) : RedisValue.EmptyString,
            entry.Version,
            SerializeEntry(entry),
            (int)forPbx,
            entry.At.ToUnixTimeMilliseconds(),
            connection.Channel.ToString(),
            StoreNotice.Presence(instance.Id, extension, updated.Version),
            updated.Name?.Text ?? RedisValue.EmptyString,
            updated.Name is { } name ? EnumIds.Id(name.Source) : RedisValue.EmptyString,
            PbxOutboxSlots.Touched(current, updated, forPbx).Bits,
        ];

        using (await _locks.EnterAsync(extension, cancellationToken).ConfigureAwait(false))
        {
            // Not cancelled once sent: the caller would not know whether the change was stored, and the local feed would miss it.
            var result = await connection.Database.ScriptEvaluateAsync(SaveScript, keys, values).ConfigureAwait(false);
            if ((long)result != 1)
            {
                return false;
            }

            // Published under the extension's lock, so subscribers see its changes in version order.
            feed.Publish(new PresenceChanged(current, updated, entry));
            return true;
        }
    }

    public async Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }

        var untilMs = until.ToUnixTimeMilliseconds();
        var due = await connection.Database
            .SortedSetRangeByScoreAsync(ExpiryKey(connection), double.NegativeInfinity, untilMs, Exclude.None, Order.Ascending, 0, max)
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        var states = await ReadStatesAsync(due.Select(m => Extension.Parse(m.ToString())), cancellationToken).ConfigureAwait(false);
        // The index and the states are read one after the other: a state changed in between is judged as it is now.
        return [.. states.Where(s => s.ExpiresAt is { } at && at.ToUnixTimeMilliseconds() <= untilMs).OrderBy(s => s.ExpiresAt)];
    }

    public async Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken)
    {
        var first = await connection.Database.SortedSetRangeByRankWithScoresAsync(ExpiryKey(connection), 0, 0)
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        return first.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)first[0].Score);
    }

    public async Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var members = await connection.Database
            .SortedSetRangeByRankAsync(HistoryKey(connection, extension), 0, limit - 1, Order.Descending)
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        return [.. members.Select(m => DeserializeEntry(extension, m.ToString()))];
    }

    // KEYS: history. ARGV: keep, before (unix ms), max. Entries are scored by version, oldest first.
    private const string PruneScript = """
        local removed = 0
        local max = tonumber(ARGV[3])
        local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[1])
        if excess > 0 then
          removed = redis.call('ZREMRANGEBYRANK', KEYS[1], 0, math.min(excess, max) - 1)
        end
        while removed < max do
          local oldest = redis.call('ZRANGE', KEYS[1], 0, 0)
          if #oldest == 0 or cjson.decode(oldest[1])['at'] >= tonumber(ARGV[2]) then
            break
          end
          redis.call('ZREM', KEYS[1], oldest[1])
          removed = removed + 1
        end
        return removed
        """;

    public async Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken)
    {
        var removed = 0;
        await foreach (var member in connection.Database.SetScanAsync(ExtensionsKey(connection), pageSize: 500).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (removed >= max || !Extension.TryParse(member.ToString(), out var extension))
            {
                break;
            }

            removed += (int)(long)await connection.Database.ScriptEvaluateAsync(
                PruneScript, [HistoryKey(connection, extension)], [keepPerExtension, olderThan.ToUnixTimeMilliseconds(), max - removed]).ConfigureAwait(false);
        }

        return removed;
    }

    public Task PingAsync(CancellationToken cancellationToken) => connection.Database.PingAsync().WaitAsync(cancellationToken);

    private async Task<List<PresenceState>> ReadStatesAsync(IEnumerable<Extension> extensions, CancellationToken cancellationToken)
    {
        var database = connection.Database;
        // Issued together, so the multiplexer pipelines them into one round trip.
        var reads = extensions.Select(e => (Extension: e, Fields: database.HashGetAllAsync(StateKey(connection, e)))).ToList();
        await Task.WhenAll(reads.Select(r => r.Fields)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var states = new List<PresenceState>(reads.Count);
        foreach (var (extension, fields) in reads)
        {
            if (ReadState(extension, await fields.ConfigureAwait(false)) is { } state)
            {
                states.Add(state);
            }
        }

        return states;
    }

    private static PresenceState? ReadState(Extension extension, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value, StringComparer.Ordinal);
        var expires = fields["expires"];
        var language = fields["language"];
        var name = fields.GetValueOrDefault("name");
        return new PresenceState(
            extension,
            EnumIds.Parse<PresenceStatus>(fields["status"].ToString()),
            DateTimeOffset.FromUnixTimeMilliseconds((long)fields["since"]),
            EnumIds.Parse<ChangeSource>(fields["source"].ToString()),
            expires.IsNullOrEmpty ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)expires),
            (long)fields["version"],
            ForwardingDocument.Deserialize(fields["forwarding"].ToString()),
            (long)fields["queue"] != 0,
            language.IsNullOrEmpty ? null : EnumIds.Parse<Language>(language.ToString()),
            name.IsNullOrEmpty ? null : new ExtensionName(name.ToString(), EnumIds.Parse<NameSource>(fields["name_source"].ToString())));
    }

    internal static string SerializeEntry(PresenceHistoryEntry entry) => JsonSerializer.Serialize(
        new HistoryDocument(
            entry.Version,
            entry.At.ToUnixTimeMilliseconds(),
            EnumIds.Id(entry.Kind),
            EnumIds.Id(entry.Status),
            entry.ExpiresAt?.ToUnixTimeMilliseconds(),
            EnumIds.Id(entry.Source),
            entry.Origin),
        RedisJsonContext.Default.HistoryDocument);

    private static PresenceHistoryEntry DeserializeEntry(Extension extension, string json)
    {
        var document = JsonSerializer.Deserialize(json, RedisJsonContext.Default.HistoryDocument)
            ?? throw new InvalidDataException("Stored history entry is empty.");
        return new PresenceHistoryEntry(
            extension,
            document.Version,
            DateTimeOffset.FromUnixTimeMilliseconds(document.At),
            EnumIds.Parse<ChangeKind>(document.Kind),
            EnumIds.Parse<PresenceStatus>(document.Status),
            document.ExpiresAt is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null,
            EnumIds.Parse<ChangeSource>(document.Source),
            document.Origin);
    }
}
