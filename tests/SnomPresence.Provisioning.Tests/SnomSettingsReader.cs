using System.Xml.Linq;

namespace SnomPresence.Provisioning.Tests;

/// <summary>
/// What a Snom phone keeps after reading its settings: the main file from its settings server, then every file its
/// <c>&lt;setting-files&gt;</c> lists, in order, with <c>{mac}</c> in the URL replaced by its MAC (Snom's URL
/// placeholder). A later file's value overwrites an earlier one; Snom does not document that order, which is why
/// <c>provision check</c> warns about every setting both files set.
/// </summary>
internal sealed class SnomSettingsReader
{
    private readonly Dictionary<(string Name, string? Idx), string> _settings = [];
    private readonly Dictionary<string, XElement> _keys = new(StringComparer.Ordinal);
    private readonly List<string> _fetched = [];

    /// <summary>The URLs the phone fetched beyond the main file, as it asked for them.</summary>
    public IReadOnlyList<string> Fetched => _fetched;

    public static SnomSettingsReader Read(string mainFile, string mac, Func<string, string> fetch)
    {
        var phone = new SnomSettingsReader();
        phone.Apply(XDocument.Parse(mainFile), mac, fetch);
        return phone;
    }

    public string? Setting(string name, int? idx = null) =>
        _settings.TryGetValue((name, idx?.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var value) ? value : null;

    public bool Has(string name) => _settings.Keys.Any(k => k.Name == name);

    public XElement? Key(int idx) => _keys.GetValueOrDefault(idx.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private void Apply(XDocument document, string mac, Func<string, string> fetch)
    {
        foreach (var section in document.Root!.DescendantsAndSelf("phone-settings"))
        {
            foreach (var setting in section.Elements())
            {
                _settings[(setting.Name.LocalName, (string?)setting.Attribute("idx"))] = setting.Value;
            }
        }

        foreach (var key in document.Root.DescendantsAndSelf("fkey"))
        {
            _keys[(string)key.Attribute("idx")!] = key;
        }

        foreach (var file in document.Root.DescendantsAndSelf("setting-files").Elements("file"))
        {
            var url = ((string)file.Attribute("url")!).Replace("{mac}", mac, StringComparison.Ordinal);
            _fetched.Add(url);
            Apply(XDocument.Parse(fetch(url)), mac, fetch);
        }
    }
}
