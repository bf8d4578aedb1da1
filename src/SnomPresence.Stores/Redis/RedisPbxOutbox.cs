using SnomPresence.Presence;
using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>
/// The PBX outbox next to the presence it belongs to: one hash per waiting extension (version, changes, queued,
/// attempts, slots, and parked with parked_at while parked), a sorted set of the waiting extensions scored by queued
/// time, which orders peeks, and one of the parked extensions scored by when they were parked. The presence save
/// script fills the hash and the waiting set, and moves a parked entry back when a newer change comes.
/// </summary>
internal sealed class RedisPbxOutbox(RedisConnection connection) : IPbxOutbox
{
    // KEYS: entry, queue, parked. ARGV: extension, version.
    private const string CompleteScript = """
        if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') == tonumber(ARGV[2]) then
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
        end
        return 0
        """;

    // KEYS: entry. Counts only while the entry is waiting, so a completed entry is not brought back.
    private const string RecordFailureScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
            redis.call('HINCRBY', KEYS[1], 'attempts', 1)
        end
        return 0
        """;

    // KEYS: entry, queue, parked. ARGV: extension, version, reason, parked at.
    private const string ParkScript = """
        if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') ~= tonumber(ARGV[2]) then
            return 0
        end
        redis.call('HSET', KEYS[1], 'parked', ARGV[3], 'parked_at', ARGV[4])
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
        return 1
        """;

    // KEYS: entry, queue, parked. ARGV: extension.
    private const string RetryScript = """
        if redis.call('HEXISTS', KEYS[1], 'parked') == 0 then
            return 0
        end
        redis.call('HDEL', KEYS[1], 'parked', 'parked_at')
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('ZADD', KEYS[2], redis.call('HGET', KEYS[1], 'queued'), ARGV[1])
        return 1
        """;

    public static RedisKey EntryKey(RedisConnection connection, Extension extension) => connection.Key("outbox:" + extension.Value);

    public static RedisKey QueueKey(RedisConnection connection) => connection.Key("outbox");

    public static RedisKey ParkedKey(RedisConnection connection) => connection.Key("outbox-parked");

    public async Task<IReadOnlyList<PbxOutboxEntry>> PeekAsync(int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }

        // Equal scores are ordered by member, so ties come out by extension as in the other stores.
        var waiting = await connection.Database.SortedSetRangeByRankAsync(QueueKey(connection), 0, max - 1).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. (await ReadEntriesAsync(waiting, cancellationToken).ConfigureAwait(false)).Where(e => e.Parked is null)];
    }

    public async Task<IReadOnlyList<PbxOutboxEntry>> ListParkedAsync(CancellationToken cancellationToken)
    {
        var parked = await connection.Database.SortedSetRangeByRankAsync(ParkedKey(connection)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. (await ReadEntriesAsync(parked, cancellationToken).ConfigureAwait(false)).Where(e => e.Parked is not null)];
    }

    public Task CompleteAsync(PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return connection.Database.ScriptEvaluateAsync(
            CompleteScript,
            [EntryKey(connection, entry.Extension), QueueKey(connection), ParkedKey(connection)],
            [entry.Extension.Value, entry.Version]);
    }

    public Task RecordFailureAsync(PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return connection.Database.ScriptEvaluateAsync(RecordFailureScript, [EntryKey(connection, entry.Extension)]);
    }

    public async Task<bool> ParkAsync(PbxOutboxEntry entry, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var parked = await connection.Database.ScriptEvaluateAsync(
            ParkScript,
            [EntryKey(connection, entry.Extension), QueueKey(connection), ParkedKey(connection)],
            [entry.Extension.Value, entry.Version, reason, at.ToUnixTimeMilliseconds()]).ConfigureAwait(false);
        return (long)parked == 1;
    }

    public async Task<int> RetryParkedAsync(Extension? extension, CancellationToken cancellationToken)
    {
        IEnumerable<Extension> candidates = extension is { } one
            ? [one]
            : (await connection.Database.SortedSetRangeByRankAsync(ParkedKey(connection)).WaitAsync(cancellationToken).ConfigureAwait(false))
                .Select(m => Extension.Parse(m.ToString()));
        var retried = 0;
        foreach (var candidate in candidates)
        {
            var result = await connection.Database.ScriptEvaluateAsync(
                RetryScript,
                [EntryKey(connection, candidate), QueueKey(connection), ParkedKey(connection)],
                [candidate.Value]).ConfigureAwait(false);
            retried += (int)(long)result;
        }

        return retried;
    }

    public async Task<IReadOnlySet<Extension>> PendingAsync(CancellationToken cancellationToken)
    {
        var waiting = connection.Database.SortedSetRangeByRankAsync(QueueKey(connection));
        var parked = connection.Database.SortedSetRangeByRankAsync(ParkedKey(connection));
        await Task.WhenAll(waiting, parked).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (await waiting.ConfigureAwait(false)).Concat(await parked.ConfigureAwait(false)).Select(m => Extension.Parse(m.ToString())).ToHashSet();
    }

    public async Task<PbxOutboxStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        // One transaction, so the figures describe the same moment.
        var transaction = connection.Database.CreateTransaction();
        var depth = transaction.SortedSetLengthAsync(QueueKey(connection));
        var oldest = transaction.SortedSetRangeByRankWithScoresAsync(QueueKey(connection), 0, 0);
        var parked = transaction.SortedSetLengthAsync(ParkedKey(connection));
        await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var first = await oldest.ConfigureAwait(false);
        return new PbxOutboxStats(
            (int)await depth.ConfigureAwait(false),
            first.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)first[0].Score),
            (int)await parked.ConfigureAwait(false));
    }

    private async Task<List<PbxOutboxEntry>> ReadEntriesAsync(RedisValue[] members, CancellationToken cancellationToken)
    {
        var database = connection.Database;
        var reads = members.Select(m => Extension.Parse(m.ToString()))
            .Select(e => (Extension: e, Fields: database.HashGetAllAsync(EntryKey(connection, e))))
            .ToList();
        await Task.WhenAll(reads.Select(r => r.Fields)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<PbxOutboxEntry>(reads.Count);
        foreach (var (extension, read) in reads)
        {
            var fields = await read.ConfigureAwait(false);
            // Completed between the two reads.
            if (fields.Length == 0)
            {
                continue;
            }

            var values = fields.ToDictionary(f => f.Name.ToString(), f => f.Value, StringComparer.Ordinal);
            var parked = values.GetValueOrDefault("parked");
            entries.Add(new PbxOutboxEntry(
                extension,
                (long)values["version"],
                (PbxChanges)(int)values["changes"],
                DateTimeOffset.FromUnixTimeMilliseconds((long)values["queued"]),
                (int)values["attempts"],
                new ForwardingSlotSet(values.TryGetValue("slots", out var slots) ? (long)slots : 0),
                parked.IsNullOrEmpty ? null : new PbxParking(parked.ToString(), DateTimeOffset.FromUnixTimeMilliseconds((long)values["parked_at"]))));
        }

        return entries;
    }
}
