using System.Diagnostics.CodeAnalysis;

namespace SnomPresence.Presence;

/// <summary>A PBX extension number: digits only, 1 to 16 of them.</summary>
public readonly record struct Extension
{
    /// <summary>The longest extension accepted; 3CX numbers and Snom identities stay well below.</summary>
    public const int MaxLength = 16;

    private Extension(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out Extension extension)
    {
        extension = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        extension = new Extension(text);
        return true;
    }

    public static Extension Parse(string text) =>
        TryParse(text, out var extension)
            ? extension
            : throw new FormatException($"'{text}' is not an extension: digits only, at most {MaxLength}.");

    /// <summary>Numeric order without parsing: shorter numbers first (99 before 100), then digit by digit.</summary>
    public static IComparer<Extension> Order { get; } = Comparer<Extension>.Create((a, b) =>
    {
        var byLength = (a.Value?.Length ?? 0).CompareTo(b.Value?.Length ?? 0);
        return byLength != 0 ? byLength : string.CompareOrdinal(a.Value, b.Value);
    });

    public override string ToString() => Value ?? string.Empty;
}
