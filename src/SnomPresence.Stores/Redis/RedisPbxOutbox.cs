using SnomPresence.Presence;
using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>
/// The PBX outbox next to the presence it belongs to: one hash per waiting extension (version, changes, queued,
/// attempts), and a sorted set of the waiting extensions scored by queued time, which orders peeks. The presence
/// save script fills both.
/// </summary>
internal sealed class RedisPbxOutbox(RedisConnection connection) : IPbxOutbox
{
    // KEYS: entry, queue. ARGV: extension, version.
    private const string CompleteScript = """
        if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') == tonumber(ARGV[2]) then
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
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

    public static RedisKey EntryKey(RedisConnection connection, Extension extension) => connection.Key("outbox:" + extension.Value);

    public static RedisKey QueueKey(RedisConnection connection) => connection.Key("outbox");

    public async Task<IReadOnlyList<PbxOutboxEntry>> PeekAsync(int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }

        var database = connection.Database;
        // Equal scores are ordered by member, so ties come out by extension as in the other stores.
        var waiting = await database.SortedSetRangeByRankAsync(QueueKey(connection), 0, max - 1).WaitAsync(cancellationToken).ConfigureAwait(false);
        var reads = waiting.Select(m => Extension.Parse(m.ToString()))
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
            entries.Add(new PbxOutboxEntry(
                extension,
                (long)values["version"],
                (PbxChanges)(int)values["changes"],
                DateTimeOffset.FromUnixTimeMilliseconds((long)values["queued"]),
                (int)values["attempts"]));
        }

        return entries;
    }

    public Task CompleteAsync(PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return connection.Database.ScriptEvaluateAsync(
            CompleteScript,
            [EntryKey(connection, entry.Extension), QueueKey(connection)],
            [entry.Extension.Value, entry.Version]);
    }

    public Task RecordFailureAsync(PbxOutboxEntry entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return connection.Database.ScriptEvaluateAsync(RecordFailureScript, [EntryKey(connection, entry.Extension)]);
    }

    public async Task<IReadOnlySet<Extension>> PendingAsync(CancellationToken cancellationToken)
    {
        var waiting = await connection.Database.SortedSetRangeByRankAsync(QueueKey(connection)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return waiting.Select(m => Extension.Parse(m.ToString())).ToHashSet();
    }

    public async Task<PbxOutboxStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        // One transaction, so the depth and the oldest entry describe the same moment.
        var transaction = connection.Database.CreateTransaction();
        var depth = transaction.SortedSetLengthAsync(QueueKey(connection));
        var oldest = transaction.SortedSetRangeByRankWithScoresAsync(QueueKey(connection), 0, 0);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var first = await oldest.ConfigureAwait(false);
        return new PbxOutboxStats(
            (int)await depth.ConfigureAwait(false),
            first.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)first[0].Score));
    }
}
