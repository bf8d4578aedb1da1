using SnomPresence.Presence;
using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>Where the phones are: one hash per phone, and per extension the set of its phones' ids.</summary>
internal sealed class RedisPhoneDirectory(RedisConnection connection) : IPhoneDirectory
{
    // KEYS: phone, its extension's set. ARGV: id, extension, has MAC, MAC, address, seen at, prefix of the extension sets.
    // The extension the phone served before is only known once the phone is read, hence the key built in the script.
    private const string RecordScript = """
        local previous = redis.call('HGET', KEYS[1], 'ext')
        if previous and previous ~= ARGV[2] then
            redis.call('SREM', ARGV[7] .. previous, ARGV[1])
        end
        redis.call('HSET', KEYS[1], 'ext', ARGV[2], 'address', ARGV[5], 'seen', ARGV[6])
        if ARGV[3] == '1' then
            redis.call('HSET', KEYS[1], 'mac', ARGV[4])
        end
        redis.call('SADD', KEYS[2], ARGV[1])
        return 0
        """;

    private const string PhonesOfExtension = "phones:";

    public Task RecordAsync(KnownPhone phone, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return connection.Database.ScriptEvaluateAsync(
            RecordScript,
            [PhoneKey(phone.Id), ExtensionKey(phone.Extension)],
            [
                phone.Id,
                phone.Extension.Value,
                phone.Mac is null ? 0 : 1,
                phone.Mac ?? string.Empty,
                phone.Address,
                phone.SeenAt.ToUnixTimeMilliseconds(),
                connection.KeyPrefix + PhonesOfExtension,
            ]);
    }

    public async Task<IReadOnlyList<KnownPhone>> FindAsync(Extension extension, CancellationToken cancellationToken)
    {
        var database = connection.Database;
        var ids = await database.SetMembersAsync(ExtensionKey(extension)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var reads = ids.Select(id => id.ToString())
            .Select(id => (Id: id, Fields: database.HashGetAllAsync(PhoneKey(id))))
            .ToList();
        await Task.WhenAll(reads.Select(r => r.Fields)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var phones = new List<KnownPhone>(reads.Count);
        foreach (var (id, read) in reads)
        {
            var fields = (await read.ConfigureAwait(false)).ToDictionary(f => f.Name.ToString(), f => f.Value, StringComparer.Ordinal);
            // Moved to another extension between the two reads.
            if (!fields.TryGetValue("ext", out var ext) || ext != extension.Value)
            {
                continue;
            }

            phones.Add(new KnownPhone(
                id,
                extension,
                fields.TryGetValue("mac", out var mac) ? mac.ToString() : null,
                fields["address"].ToString(),
                DateTimeOffset.FromUnixTimeMilliseconds((long)fields["seen"])));
        }

        phones.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return phones;
    }

    private RedisKey PhoneKey(string id) => connection.Key("phone:" + id);

    private RedisKey ExtensionKey(Extension extension) => connection.Key(PhonesOfExtension + extension.Value);
}
