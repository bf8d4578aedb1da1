using System.Globalization;
using System.Text;
using CsCheck;

namespace SnomPresence.Tests.Shared;

/// <summary>
/// Generators for what phones and admins may send: any Unicode, with the characters careless code gets wrong made
/// likely, and the structured values (extensions, MACs, numbers, ids) mostly valid, sometimes just off, sometimes junk.
/// Linked into every test project that has properties, so each speaks of the same inputs.
/// </summary>
internal static class InputGen
{
    /// <summary>The ids of every status, in the spelling the API and phone links use.</summary>
    public static readonly string[] StatusIds = ["available", "away", "dnd", "lunch", "business-trip"];

    public static readonly string[] KindIds = ["none", "voicemail", "extension", "colleague-voicemail", "external", "busy", "queue", "ring-group", "ivr", "pbx"];

    public static readonly string[] SlotIds =
        ["internal", "external", "no-answer-internal", "no-answer-external", "busy-internal", "busy-external", "not-registered-internal", "not-registered-external"];

    /// <summary>One model of each template family in phone-templates/.</summary>
    public static readonly string[] Models = ["D120", "D385", "D785", "D865"];

    private const string Markup = "<>&'\"]]>;,=?#%+/\\|{}$ \u00A0";

    /// <summary>A short piece of text: plain letters, markup, controls, non-characters, bidi marks, lone or paired surrogates.</summary>
    public static readonly Gen<string> Piece = Gen.Frequency(
        (6, Gen.Char.AlphaNumeric.Array[1, 6].Select(c => new string(c))),
        (2, Gen.Char[Markup].Array[1, 3].Select(c => new string(c))),
        (2, Gen.OneOf("]]>", "<![CDATA[", "&amp;", "&#0;", "<br/>", "{{token}}", "\"\"", "\r\n", "Müller", "Zürich ß", "Ω", "日本語", "עברית", "مرحبا")),
        (2, Gen.Char['\u0000', '\u001F'].Select(c => c.ToString())),
        (1, Gen.Char['\u007F', '\u009F'].Select(c => c.ToString())),
        (2, Gen.OneOf("\uFFFE", "\uFFFF", "\uFFFD", "\u200B", "\u200E", "\u200F", "\u202A", "\u202E", "\u2066", "\u2028", "\u2029", "\uFEFF", "\u00AD")),
        (2, Gen.Char['\uD800', '\uDFFF'].Select(c => c.ToString())),
        (2, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)),
        (1, Gen.OneOf("😀", "👩‍👩‍👧", "🇩🇪", "𝄞")),
        (2, Gen.Char['\u00A0', '\uD7FF'].Array[1, 4].Select(c => new string(c))),
        (1, Gen.Char['\uE000', '\uFFFD'].Select(c => c.ToString())),
        (1, Gen.OneOf(" ", "  ", "\t", "\u3000")));

    /// <summary>Pieces a display can show and XML can carry: no controls, no lone surrogates, no U+FFFE/U+FFFF.</summary>
    public static readonly Gen<string> PlainPiece = Gen.Frequency(
        (6, Gen.Char.AlphaNumeric.Array[1, 6].Select(c => new string(c))),
        (3, Gen.Char[Markup].Array[1, 3].Select(c => new string(c))),
        (2, Gen.OneOf("]]>", "<![CDATA[", "&amp;", "&#0;", "<br/>", "{{token}}", "$active_user", "\"\"", "Müller", "Zürich ß", "日本語", "עברית", "مرحبا")),
        (2, Gen.OneOf("\uFFFD", "\u200B", "\u200E", "\u200F", "\u202E", "\u2066", "\u2028", "\uFEFF", "\u00AD")),
        (2, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)),
        (1, Gen.OneOf("😀", "👩‍👩‍👧", "🇩🇪", "𝄞")),
        (1, Gen.OneOf(" ", "  ", "\u3000")));

    /// <summary>Short text an admin could mean: 1 to 40 characters or so of <see cref="PlainPiece"/>s.</summary>
    public static readonly Gen<string> PlainText = PlainPiece.Array[1, 6].Select(string.Concat);

    /// <summary>Any text: mostly short, sometimes empty, sometimes thousands of characters.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (1, Gen.Const(string.Empty)),
        (12, Piece.Array[1, 8].Select(string.Concat)),
        (1, Gen.Select(Piece.Array[1, 3], Gen.Int[200, 2000], (p, n) => string.Concat(Enumerable.Repeat(string.Concat(p), n)))));

    public static readonly Gen<string> Digits = Gen.Char['0', '9'].Array[1, 16].Select(c => new string(c));

    /// <summary>Extensions: mostly valid (1 to 16 digits), or too long, non-ASCII digits, signs, spaces, or any text.</summary>
    public static readonly Gen<string> Extension = Gen.Frequency(
        (8, Digits),
        (1, Gen.Char['0', '9'].Array[17, 24].Select(c => new string(c))),
        (1, Gen.OneOf("٣٣", "２０１", "-1", "+201", " 201", "201 ", "2.01", "0x1F", "1e3", "²")),
        (2, Text));

    /// <summary>MAC addresses in every spelling a phone or admin uses, or almost (11 or 13 digits, stray characters), or any text.</summary>
    public static readonly Gen<string> Mac = Gen.Frequency(
        (8, Gen.Select(Gen.Char["0123456789abcdefABCDEF"].Array[12], Gen.OneOf("", ":", "-", "."), (hex, separator) => Spell(hex, separator))),
        (1, Gen.Char["0123456789ABCDEF"].Array[11, 13].Where(a => a.Length != 12).Select(c => new string(c))),
        (1, Gen.OneOf("00:04:13:A1:1F:A7:", "::::::000413A11FA7", "0004.13a1.1fa7", "00-04-13-A1-1F-GG", "000413A11FA7\u0000")),
        (2, Text));

    /// <summary>Status ids, their upper-case spelling, or anything.</summary>
    public static readonly Gen<string> Status = Gen.Frequency((6, Gen.OneOf(StatusIds)), (1, Gen.OneOf(StatusIds).Select(s => s.ToUpperInvariant())), (2, Text));

    public static readonly Gen<string> Kind = Gen.Frequency((6, Gen.OneOf(KindIds)), (2, Text));

    public static readonly Gen<string> Slot = Gen.Frequency((6, Gen.OneOf(SlotIds)), (2, Text));

    /// <summary>Short-term durations: minutes in and around 1 to 1440, workday-end, number-like junk, or anything.</summary>
    public static readonly Gen<string> Duration = Gen.Frequency(
        (4, Gen.Int[-10, 1500].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("workday-end", "WORKDAY-END", "+15", " 15", "15 ", "1e3", "0x10", "１５", "99999999999999999999", "-0")),
        (2, Text));

    /// <summary>Forwarding numbers: extensions, external numbers with or without +, too long, or anything.</summary>
    public static readonly Gen<string> ForwardingNumber = Gen.Frequency(
        (4, Digits),
        (3, Gen.Select(Gen.OneOf("", "+", "00", "++"), Gen.Char['0', '9'].Array[1, 25], (prefix, digits) => prefix + new string(digits))),
        (1, Gen.OneOf("+49 30 1234", "+49-30-1234", "(030) 1234", "*21#", "+", "٠١٢٣٤٥")),
        (2, Text));

    public static readonly Gen<string> Language = Gen.Frequency(
        (4, Gen.OneOf("de", "en", "DE", "En", "Deutsch", "English", "german", "englisch")),
        (2, Text));

    public static readonly Gen<string> Model = Gen.Frequency(
        (6, Gen.OneOf(Models)),
        (2, Gen.OneOf("snomD785", "d385", "D785M", "D895M", "D999", "D7xx", "D78", "snom", "M900", "D0123")),
        (2, Text));

    /// <summary>
    /// <paramref name="text"/> as a URL query value, percent-encoded as UTF-8. A lone surrogate becomes the three bytes
    /// a careless encoder (WTF-8) writes for it, which is not valid UTF-8: exactly what a server must survive.
    /// </summary>
    public static string Percent(string text)
    {
        var encoded = new StringBuilder(text.Length * 3);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int codePoint;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, text[++i]);
            }
            else
            {
                codePoint = c;
            }

            if (codePoint < 0x80 && (char.IsAsciiLetterOrDigit((char)codePoint) || "-._~".Contains((char)codePoint, StringComparison.Ordinal)))
            {
                encoded.Append((char)codePoint);
                continue;
            }

            foreach (var b in Wtf8(codePoint))
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    /// <summary>A query or path value, already encoded: text as UTF-8, or raw bytes that are no UTF-8 at all.</summary>
    public static Gen<string> Encoded(Gen<string> value) => Gen.Frequency(
        (12, value.Select(Percent)),
        (1, Gen.Byte.Array[1, 6].Select(bytes => string.Concat(bytes.Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture))))),
        (1, Gen.OneOf("%", "%G1", "%C0%80", "%ED%A0%80%ED%B0%80", "%EF%BF%BE", "%00", "+", "%2B%2F")));

    /// <summary>
    /// <paramref name="text"/> as a JSON string, every character outside printable ASCII as its \u escape: a lone
    /// surrogate too, which a JSON serializer would refuse to write but any client may send.
    /// </summary>
    public static string JsonString(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append("\\\\"),
                < ' ' or > '~' => json.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => json.Append(c),
            };
        }

        return json.Append('"').ToString();
    }

    private static string Spell(char[] hex, string separator)
    {
        var step = separator == "." ? 4 : 2;
        return string.Join(separator, Enumerable.Range(0, 12 / step).Select(i => new string(hex, i * step, step)));
    }

    private static byte[] Wtf8(int codePoint) => codePoint switch
    {
        < 0x80 => [(byte)codePoint],
        < 0x800 => [(byte)(0xC0 | (codePoint >> 6)), (byte)(0x80 | (codePoint & 0x3F))],
        < 0x10000 => [(byte)(0xE0 | (codePoint >> 12)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))],
        _ => [(byte)(0xF0 | (codePoint >> 18)), (byte)(0x80 | ((codePoint >> 12) & 0x3F)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))],
    };
}
