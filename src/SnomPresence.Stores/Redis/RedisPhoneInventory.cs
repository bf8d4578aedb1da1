using System.Text.Json;
using SnomPresence.Presence;
using StackExchange.Redis;

namespace SnomPresence.Stores.Redis;

/// <summary>
/// The phone inventory: one hash, MAC to the phone's JSON document. Every write tells the other instances which
/// phones changed, in the same atomic step, so their caches drop them.
/// </summary>
internal sealed class RedisPhoneInventory(RedisConnection connection, StoreInstance instance) : IPhoneInventory
{
    // KEYS: inventory. ARGV: MAC, channel, notice.
    private const string DeleteScript = """
        if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
            redis.call('PUBLISH', ARGV[2], ARGV[3])
            return 1
        end
        return 0
        """;

    private RedisKey InventoryKey => connection.Key("inventory");

    public async Task<ProvisionedPhone?> GetAsync(MacAddress mac, CancellationToken cancellationToken)
    {
        var json = await connection.Database.HashGetAsync(InventoryKey, mac.Value).WaitAsync(cancellationToken).ConfigureAwait(false);
        return json.IsNull ? null : Read(mac, json.ToString());
    }

    public async Task<IReadOnlyList<ProvisionedPhone>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = await connection.Database.HashGetAllAsync(InventoryKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries
            .Select(e => Read(MacAddress.Parse(e.Name.ToString()), e.Value.ToString()))
            .OrderBy(p => p.Mac.Value, StringComparer.Ordinal)];
    }

    public async Task SaveAsync(IReadOnlyList<ProvisionedPhone> phones, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (phones.Count == 0)
        {
            return;
        }

        // One HSET for all phones inside MULTI/EXEC with the notices: all phones are stored, and announced, or none.
        var transaction = connection.Database.CreateTransaction();
        var operations = new List<Task>(phones.Count + 1)
        {
            transaction.HashSetAsync(InventoryKey, [.. phones.Select(p => new HashEntry(p.Mac.Value, Write(p)))]),
        };
        operations.AddRange(phones.Select(p => transaction.PublishAsync(connection.Channel, StoreNotice.Inventory(instance.Id, p.Mac))));
        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            throw new InvalidOperationException("Redis did not run the inventory transaction.");
        }

        await Task.WhenAll(operations).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(MacAddress mac, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await connection.Database.ScriptEvaluateAsync(
            DeleteScript,
            [InventoryKey],
            [mac.Value, connection.Channel.ToString(), StoreNotice.Inventory(instance.Id, mac)]).ConfigureAwait(false);
        return (long)result == 1;
    }

    internal static string Write(ProvisionedPhone phone) => JsonSerializer.Serialize(
        new PhoneDocument(
            phone.Model.Value,
            [.. phone.Extensions.Select(e => e.Value)],
            phone.DisplayName,
            phone.Language is { } language ? EnumIds.Id(language) : null,
            phone.WebLogin?.User,
            phone.WebLogin?.Password,
            phone.Token.Current,
            phone.Token.Previous,
            phone.Token.PreviousValidUntil?.ToUnixTimeMilliseconds(),
            phone.UpdatedAt.ToUnixTimeMilliseconds(),
            phone.EnrollmentUntil?.ToUnixTimeMilliseconds()),
        RedisJsonContext.Default.PhoneDocument);

    internal static ProvisionedPhone Read(MacAddress mac, string json)
    {
        var document = JsonSerializer.Deserialize(json, RedisJsonContext.Default.PhoneDocument)
            ?? throw new InvalidDataException($"Stored inventory phone {mac} is empty.");
        return new ProvisionedPhone(
            mac,
            PhoneModel.Parse(document.Model),
            [.. document.Extensions.Select(Extension.Parse)],
            document.DisplayName,
            document.Language is { } language ? EnumIds.Parse<Language>(language) : null,
            document.WebUser is { } user ? new PhoneWebLogin(user, document.WebPassword ?? string.Empty) : null,
            new PhoneToken(
                document.Token,
                document.PreviousToken,
                document.PreviousValidUntil is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null),
            DateTimeOffset.FromUnixTimeMilliseconds(document.UpdatedAt),
            document.EnrollmentUntil is { } enrollment ? DateTimeOffset.FromUnixTimeMilliseconds(enrollment) : null);
    }
}
