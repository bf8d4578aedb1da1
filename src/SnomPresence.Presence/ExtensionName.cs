using System.Globalization;

namespace SnomPresence.Presence;

/// <summary>Where an extension's name comes from. Ids: pbx, admin, inventory.</summary>
public enum NameSource
{
    Pbx,
    Admin,
    Inventory,
}

/// <summary>
/// The name of the person behind an extension, and where it comes from. A name an admin set wins over the PBX's,
/// and the PBX's over one taken from the phone inventory.
/// </summary>
public sealed record ExtensionName(string Text, NameSource Source)
{
    /// <summary>Longest name kept; 3CX display names and phone screens both stay well below.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// A name typed by an admin (or read from an import): trimmed, 1 to <see cref="MaxLength"/> characters, none of
    /// them a control character. Answers why not in <paramref name="error"/>; nothing is cut or dropped silently.
    /// </summary>
    public static bool TryCreate(string? text, NameSource source, out ExtensionName name, out string error)
    {
        name = null!;
        var trimmed = text?.Trim() ?? string.Empty;
        error = trimmed.Length == 0 ? "Required: 1 to 64 characters."
            : trimmed.Length > MaxLength ? $"At most {MaxLength} characters, not {trimmed.Length}."
            : !DisplayText.IsPlain(trimmed) || trimmed.Any(c => char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                ? "Must not contain control characters or line breaks."
            : string.Empty;
        if (error.Length > 0)
        {
            return false;
        }

        name = new ExtensionName(trimmed, source);
        return true;
    }

    /// <summary>
    /// The name 3CX gives a user: its display name, else first and last name; null when 3CX has none. Characters a
    /// display cannot show are dropped, and an overlong name is cut.
    /// </summary>
    public static ExtensionName? FromPbx(string? displayName, string? firstName, string? lastName)
    {
        var text = Shown(displayName) ?? Shown($"{Shown(firstName)} {Shown(lastName)}");
        return text is null ? null : new ExtensionName(text.Length <= MaxLength ? text : DisplayText.Shorten(text, MaxLength - 1), NameSource.Pbx);
    }

    /// <summary>
    /// The name to keep when <paramref name="source"/> now names the extension <paramref name="offered"/>: it replaces a
    /// name of the same or a weaker source, never one of a stronger source; null removes only that source's own name.
    /// </summary>
    public static ExtensionName? Merge(ExtensionName? current, ExtensionName? offered, NameSource source) =>
        current is not null && Rank(current.Source) > Rank(source) ? current
        : offered ?? (current?.Source == source ? null : current);

    private static int Rank(NameSource source) => source switch
    {
        NameSource.Admin => 2,
        NameSource.Pbx => 1,
        _ => 0,
    };

    private static string? Shown(string? text) => string.IsNullOrWhiteSpace(text) ? null : DisplayText.Clean(text).Trim() is { Length: > 0 } clean ? clean : null;
}
