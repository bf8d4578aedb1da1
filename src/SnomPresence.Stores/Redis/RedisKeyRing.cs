using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace SnomPresence.Stores.Redis;

/// <summary>The admin pages' data-protection keys in the shared Redis, so a sign-in cookie from one instance is good at all.</summary>
internal sealed class RedisKeyRing(RedisConnection connection) : IXmlRepository
{
    // The data-protection API is synchronous.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. connection.Database.ListRange(connection.Key("data-protection-keys")).Select(value => XElement.Parse(value.ToString()))];

    public void StoreElement(XElement element, string friendlyName) =>
        connection.Database.ListRightPush(connection.Key("data-protection-keys"), element.ToString(SaveOptions.DisableFormatting));
}
