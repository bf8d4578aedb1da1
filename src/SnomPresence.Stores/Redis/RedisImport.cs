using SnomPresence.Presence;
using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>Writes a snapshot of another store in one MULTI/EXEC: all of it, or nothing. Key layout as the Redis ports keep it.</summary>
internal static class RedisImport
{
    /// <param name="progress">Told how many records are written so far: the transaction's all at once, then each phone.</param>
    public static async Task ImportAsync(RedisConnection connection, StoreSnapshot snapshot, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var transaction = connection.Database.CreateTransaction();
        var writes = new List<Task>();
        foreach (var state in snapshot.States)
        {
            writes.Add(transaction.HashSetAsync(RedisPresenceStore.StateKey(connection, state.Extension),
            [
                new HashEntry("version", state.Version),
                new HashEntry("status", EnumIds.Id(state.Status)),
                new HashEntry("since", state.Since.ToUnixTimeMilliseconds()),
                new HashEntry("source", EnumIds.Id(state.Source)),
                new HashEntry("expires", state.ExpiresAt is { } expires ? expires.ToUnixTimeMilliseconds() : RedisValue.EmptyString),
                new HashEntry("forwarding", ForwardingDocument.Serialize(state.Forwarding)),
                new HashEntry("queue", state.QueueLoggedIn ? 1 : 0),
                new HashEntry("language", state.Language is { } language ? EnumIds.Id(language) : RedisValue.EmptyString),
                new HashEntry("name", state.Name?.Text ?? RedisValue.EmptyString),
                new HashEntry("name_source", state.Name is { } name ? EnumIds.Id(name.Source) : RedisValue.EmptyString),
            ]));
            writes.Add(transaction.SetAddAsync(RedisPresenceStore.ExtensionsKey(connection), state.Extension.Value));
            if (state.ExpiresAt is { } at)
            {
                writes.Add(transaction.SortedSetAddAsync(RedisPresenceStore.ExpiryKey(connection), state.Extension.Value, at.ToUnixTimeMilliseconds()));
            }
        }

        foreach (var entry in snapshot.History)
        {
            writes.Add(transaction.SortedSetAddAsync(RedisPresenceStore.HistoryKey(connection, entry.Extension), RedisPresenceStore.SerializeEntry(entry), entry.Version));
        }

        foreach (var entry in snapshot.Outbox)
        {
            HashEntry[] fields =
            [
                new HashEntry("version", entry.Version),
                new HashEntry("changes", (int)entry.Changes),
                new HashEntry("queued", entry.QueuedAt.ToUnixTimeMilliseconds()),
                new HashEntry("attempts", entry.Attempts),
                new HashEntry("slots", entry.Slots.Bits),
            ];
            if (entry.Parked is { } parked)
            {
                fields = [.. fields, new HashEntry("parked", parked.Reason), new HashEntry("parked_at", parked.At.ToUnixTimeMilliseconds())];
                writes.Add(transaction.SortedSetAddAsync(RedisPbxOutbox.ParkedKey(connection), entry.Extension.Value, parked.At.ToUnixTimeMilliseconds()));
            }
            else
            {
                writes.Add(transaction.SortedSetAddAsync(RedisPbxOutbox.QueueKey(connection), entry.Extension.Value, entry.QueuedAt.ToUnixTimeMilliseconds()));
            }

            writes.Add(transaction.HashSetAsync(RedisPbxOutbox.EntryKey(connection, entry.Extension), fields));
        }

        if (!await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("Redis did not apply the copy.");
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
        var written = snapshot.States.Count + snapshot.History.Count + snapshot.Outbox.Count;
        progress?.Report(written);

        // Phones and inventory go through their ports, which keep their indexes and tell running instances.
        var directory = new RedisPhoneDirectory(connection);
        foreach (var phone in snapshot.Phones)
        {
            await directory.RecordAsync(phone, cancellationToken).ConfigureAwait(false);
            progress?.Report(++written);
        }

        await new RedisPhoneInventory(connection, new StoreInstance()).SaveAsync(snapshot.Inventory, cancellationToken).ConfigureAwait(false);
        progress?.Report(written + snapshot.Inventory.Count);
        await snapshot.WriteColleaguesAsync(new RedisColleagueStore(connection, new StoreInstance()), cancellationToken).ConfigureAwait(false);
    }
}
