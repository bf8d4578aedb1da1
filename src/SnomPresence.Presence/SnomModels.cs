using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SnomPresence.Presence;

/// <summary>A Snom firmware version such as 10.1.198.19, compared part by part.</summary>
public sealed record SnomFirmware(Version Version) : IComparable<SnomFirmware>
{
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SnomFirmware? firmware)
    {
        firmware = Version.TryParse(text, out var version) ? new SnomFirmware(version) : null;
        return firmware is not null;
    }

    public static SnomFirmware Parse(string text) =>
        TryParse(text, out var firmware) ? firmware : throw new FormatException($"'{text}' is not a firmware version such as 10.1.198.19.");

    public int CompareTo(SnomFirmware? other) => other is null ? 1 : Version.CompareTo(other.Version);

    public static bool operator >=(SnomFirmware left, SnomFirmware right) => left.CompareTo(right) >= 0;

    public static bool operator <=(SnomFirmware left, SnomFirmware right) => left.CompareTo(right) <= 0;

    public static bool operator >(SnomFirmware left, SnomFirmware right) => left.CompareTo(right) > 0;

    public static bool operator <(SnomFirmware left, SnomFirmware right) => left.CompareTo(right) < 0;

    public override string ToString() => Version.ToString();
}

/// <summary>
/// What one Snom desk-phone model can do, as far as SnomPresence relies on it. Every value has its source in
/// docs/snom.md; where Snom documents nothing, the value is the one that loses nothing (no LED, ASCII text, no
/// input) and docs/snom.md lists it as to be confirmed on a real phone.
/// </summary>
/// <param name="Model">The model, or for a model this table does not know, the one asked for.</param>
/// <param name="Known">False for a model missing from the table: it gets its family's conservative defaults.</param>
/// <param name="FunctionKeys">Free function keys on the phone itself (<c>fkey idx</c> 0 … n-1), without expansion modules; null where no source counts them.</param>
/// <param name="FirstKeyLed">The <c>Led number</c> of the key with <c>fkey idx="0"</c>; the key with idx N has this + N. Null: not documented, so no LED is lit.</param>
/// <param name="Display">The display in pixels where Snom documents it (background image sizes), else null.</param>
/// <param name="Colour">A colour display whose font has typographic characters (…, », „“); monochrome D1xx/D3xx fonts lack them.</param>
/// <param name="SmartLabel">Function keys take a <c>short_label</c> (SmartLabel keys).</param>
/// <param name="InputSince">The firmware from which the minibrowser shows <c>SnomIPPhoneInput</c>; null: every D-series firmware does.</param>
/// <param name="RemoteControl">The phone's web interface takes remote commands (<c>command.htm</c>, and with it <c>dummy.htm?settings=save</c> and <c>minibrowser.htm?url=</c>).</param>
/// <param name="WebUserSetting">The setting that holds the web interface's administrator user.</param>
/// <param name="WebPasswordSetting">The setting that holds its password.</param>
public sealed record SnomModelInfo(
    PhoneModel Model,
    bool Known,
    int? FunctionKeys,
    int? FirstKeyLed,
    (int Width, int Height)? Display,
    bool Colour,
    bool SmartLabel,
    SnomFirmware? InputSince,
    bool RemoteControl,
    string WebUserSetting,
    string WebPasswordSetting)
{
    public string Family => Model.Family;

    /// <summary>The LED of the key with <c>fkey idx</c> <paramref name="keyIndex"/>, or null when that is not known for this model.</summary>
    public int? LedOfKey(int keyIndex) =>
        FirstKeyLed is { } first && keyIndex >= 0 && (FunctionKeys is not { } keys || keyIndex < keys) ? first + keyIndex : null;

    /// <summary>
    /// Whether the minibrowser shows input pages. With a firmware bound and no firmware known the answer is no:
    /// a menu without a typed-number item works everywhere, an input page on a phone that cannot show it does not.
    /// </summary>
    public bool ShowsInput(SnomFirmware? firmware) => InputSince is not { } since || (firmware is { } known && known >= since);
}

/// <summary>The model capability table: one entry per Snom desk-phone model SnomPresence knows.</summary>
public static partial class SnomModels
{
    private const string HttpUser = "http_user";
    private const string HttpPass = "http_pass";

    /// <summary>D8xx firmware before 10.1.198 shows XML lists but not <c>SnomIPPhoneInput</c>.</summary>
    public static readonly SnomFirmware D8xxInputSince = SnomFirmware.Parse("10.1.198");

    private static readonly FrozenDictionary<string, SnomModelInfo> Table = new[]
    {
        // D1xx: monochrome; the D120's line-key LEDs start at 1 (XML-Minibrowser-Led).
        Entry("D120", keys: null, firstLed: 1),
        Entry("D140", keys: null, firstLed: null),
        Entry("D150", keys: null, firstLed: null),
        // D3xx: line-key LEDs start at 2 on every model (XML-Minibrowser-Led); D375/D385 have colour displays.
        Entry("D305", keys: null, firstLed: 2),
        Entry("D315", keys: null, firstLed: 2),
        Entry("D335", keys: 32, firstLed: 2),
        Entry("D345", keys: null, firstLed: 2),
        Entry("D375", keys: null, firstLed: 2, display: (480, 272)),
        Entry("D385", keys: 48, firstLed: 2, display: (480, 272)),
        // D7xx: line-key LEDs start at 5, except the D713's at 1 (its four keys sit beside the display).
        Entry("D712", keys: null, firstLed: 5),
        Entry("D713", keys: 4, firstLed: 1, display: (320, 240), smartLabel: true),
        Entry("D715", keys: null, firstLed: 5),
        Entry("D717", keys: null, firstLed: 5, display: (426, 240)),
        Entry("D725", keys: null, firstLed: 5),
        Entry("D735", keys: 32, firstLed: 5, display: (320, 240), smartLabel: true),
        Entry("D765", keys: null, firstLed: 5, display: (320, 240)),
        Entry("D785", keys: 24, firstLed: 5, display: (480, 272), smartLabel: true),
        // D8xx: no HTTP remote control, own web-login settings, SnomIPPhoneInput from 10.1.198.
        Entry("D810", keys: null, firstLed: null, d8xx: true),
        Entry("D812", keys: null, firstLed: null, d8xx: true),
        Entry("D815", keys: null, firstLed: null, d8xx: true),
        Entry("D862", keys: 32, firstLed: 5, display: (1280, 720), d8xx: true),
        Entry("D865", keys: 40, firstLed: 5, display: (1280, 720), d8xx: true),
        Entry("D892", keys: null, firstLed: null, d8xx: true),
        Entry("D895", keys: null, firstLed: null, d8xx: true),
    }.ToFrozenDictionary(m => m.Model.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every model in the table, in table order by name.</summary>
    public static IEnumerable<SnomModelInfo> All => Table.Values.OrderBy(m => m.Model.Value, StringComparer.Ordinal);

    /// <summary>
    /// The model's entry. A model the table does not know (a new one, or a variant such as D895M without its own
    /// entry) gets its family's settings names and remote-control support but no LED, no colour and no SmartLabel.
    /// </summary>
    public static SnomModelInfo For(PhoneModel model)
    {
        if (Table.TryGetValue(model.Value, out var known))
        {
            return known;
        }

        var d8xx = model.Family == "D8xx";
        return new SnomModelInfo(
            model,
            Known: false,
            FunctionKeys: null,
            FirstKeyLed: null,
            Display: null,
            Colour: false,
            SmartLabel: false,
            InputSince: d8xx ? D8xxInputSince : null,
            RemoteControl: !d8xx,
            WebUserSetting: d8xx ? "webserver_admin_name" : HttpUser,
            WebPasswordSetting: d8xx ? "webserver_admin_password" : HttpPass);
    }

    /// <summary>
    /// Model and firmware from a Snom User-Agent, e.g. "Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 …)".
    /// </summary>
    public static bool TryParseUserAgent(string? userAgent, out PhoneModel model, [NotNullWhen(true)] out SnomFirmware? firmware)
    {
        model = default;
        firmware = null;
        var match = string.IsNullOrEmpty(userAgent) ? Match.Empty : UserAgent().Match(userAgent);
        return match.Success
            && PhoneModel.TryParse(match.Groups["model"].Value, out model)
            && SnomFirmware.TryParse(match.Groups["firmware"].Value, out firmware);
    }

    /// <summary>
    /// Text as a monochrome D1xx/D3xx display can show it: characters its font lacks become their ASCII fallbacks.
    /// Umlauts and ß stay; the phone's Latin UI languages carry them.
    /// </summary>
    public static string Ascii(string text)
    {
        if (text.All(MonochromeFontHas))
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '…' => "...",
                '»' => ">",
                '«' => "<",
                '„' or '“' or '”' => "\"",
                '‚' or '‘' or '’' => "'",
                '–' or '—' => "-",
                '\u00A0' => " ",
                _ when MonochromeFontHas(c) => c.ToString(),
                _ => "?",
            });
        }

        return result.ToString();
    }

    /// <summary>Whether a monochrome D1xx/D3xx font has the character: ASCII and the Latin-1 letters (umlauts, ß).</summary>
    public static bool MonochromeFontHas(char c) => c < 0x80 || c is >= 'À' and <= 'ÿ';

    private static SnomModelInfo Entry(string model, int? keys, int? firstLed, (int, int)? display = null, bool smartLabel = false, bool d8xx = false) => new(
        PhoneModel.Parse(model),
        Known: true,
        FunctionKeys: keys,
        FirstKeyLed: firstLed,
        Display: display,
        // Snom documents background-image sizes exactly for its colour models (custom_bg_image_url).
        Colour: display is not null,
        SmartLabel: smartLabel,
        InputSince: d8xx ? D8xxInputSince : null,
        RemoteControl: !d8xx,
        WebUserSetting: d8xx ? "webserver_admin_name" : HttpUser,
        WebPasswordSetting: d8xx ? "webserver_admin_password" : HttpPass);

    [GeneratedRegex(@"snom(?<model>[Dd][1-9][0-9]{2}[A-Za-z]?)-SIP (?<firmware>[0-9]+(?:\.[0-9]+){1,3})", RegexOptions.CultureInvariant)]
    private static partial Regex UserAgent();
}
