using System.Text;

namespace SnomPresence.Presence;

/// <summary>
/// Text that ends up on a phone display or in a settings file, both XML: one line, and only characters XML can carry.
/// </summary>
public static class DisplayText
{
    /// <summary>No control characters (line breaks included), no lone surrogates, no non-characters U+FFFE/U+FFFF.</summary>
    public static bool IsPlain(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsPlainAt(text, i, out var width))
            {
                return false;
            }

            i += width - 1;
        }

        return true;
    }

    /// <summary><paramref name="text"/> without the characters <see cref="IsPlain"/> refuses.</summary>
    public static string Clean(string text)
    {
        if (IsPlain(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (IsPlainAt(text, i, out var width))
            {
                clean.Append(text, i, width);
            }

            i += width - 1;
        }

        return clean.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> cleaned and cut to <paramref name="max"/> characters with an ellipsis, never between
    /// the two halves of a surrogate pair.
    /// </summary>
    public static string Shorten(string text, int max)
    {
        var clean = Clean(text);
        if (clean.Length <= max)
        {
            return clean;
        }

        var cut = char.IsHighSurrogate(clean[max - 1]) ? max - 1 : max;
        return string.Concat(clean.AsSpan(0, cut), "…");
    }

    private static bool IsPlainAt(string text, int i, out int width)
    {
        var c = text[i];
        width = 1;
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return true;
        }

        return !char.IsControl(c) && !char.IsSurrogate(c) && c is not ('\uFFFE' or '\uFFFF');
    }
}
