using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace SnomPresence.Presence;

/// <summary>
/// The stable lower-case ids of the domain's enums (<c>business-trip</c>, <c>colleague-voicemail</c>), used in URLs,
/// the admin API and every store, so that renaming a C# member never changes what is stored or sent.
/// </summary>
public static class EnumIds
{
    public static string Id<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Cache<TEnum>.ToId.TryGetValue(value, out var id) ? id : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public static IReadOnlyCollection<string> All<TEnum>()
        where TEnum : struct, Enum => Cache<TEnum>.ToId.Values;

    public static bool TryParse<TEnum>([NotNullWhen(true)] string? id, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return id is not null && Cache<TEnum>.FromId.TryGetValue(id, out value);
    }

    public static TEnum Parse<TEnum>(string id)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(id, out var value) ? value : throw new FormatException($"'{id}' is not a {typeof(TEnum).Name}.");

    private static class Cache<TEnum>
        where TEnum : struct, Enum
    {
        internal static readonly FrozenDictionary<TEnum, string> ToId =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

        internal static readonly FrozenDictionary<string, TEnum> FromId =
            ToId.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
    }
}
