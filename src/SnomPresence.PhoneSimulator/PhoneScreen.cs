using System.Xml.Linq;

namespace SnomPresence.PhoneSimulator;

/// <summary>A Snom XML minibrowser page as the phone understands it: text, menu, directory or input.</summary>
internal sealed record PhoneScreen(
    string Kind,
    string? Title,
    IReadOnlyList<string> Lines,
    IReadOnlyList<PhoneScreen.Item> Items,
    IReadOnlyDictionary<string, PhoneScreen.Key> SoftKeys,
    IReadOnlyList<PhoneScreen.LedState> Leds,
    PhoneScreen.Refresh? Fetch,
    PhoneScreen.Prompt? Input)
{
    public static PhoneScreen Idle { get; } = new("Idle", null, [], [], new Dictionary<string, Key>(), [], null, null);

    /// <summary>Reads a page; tag names are not case-sensitive on a Snom phone, so neither are they here.</summary>
    public static PhoneScreen Parse(string xml)
    {
        var root = XDocument.Parse(xml).Root ?? throw new FormatException("Empty document.");
        XElement? Child(XElement e, string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase));
        IEnumerable<XElement> Children(XElement e, string name) => e.Elements().Where(c => c.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase));

        var lines = new List<string>();
        if (Child(root, "Text") is { } text)
        {
            lines.Add(string.Empty);
            foreach (var node in text.Nodes())
            {
                if (node is XElement { Name.LocalName: "br" })
                {
                    lines.Add(string.Empty);
                }
                else
                {
                    lines[^1] += node is XText t ? t.Value : ((XElement)node).Value;
                }
            }
        }

        var items = Children(root, "MenuItem")
            .Select(i => new Item((string?)i.Attribute("name") ?? Child(i, "Name")?.Value ?? string.Empty, Child(i, "URL")?.Value ?? string.Empty, (string?)i.Attribute("sel") == "true"))
            // A directory entry dials its number when chosen, as the phone's own snom://…#numberdial would.
            .Concat(Children(root, "DirectoryEntry").Select(e => new Item(
                Child(e, "Name")?.Value ?? string.Empty, $"snom://mb_nop#numberdial={Child(e, "Telephone")?.Value}", (string?)e.Attribute("sel") == "true")))
            .ToList();
        var keys = Children(root, "SoftKeyItem")
            .Select(k => new Key(Child(k, "Name")?.Value ?? string.Empty, Child(k, "Label")?.Value ?? string.Empty, Child(k, "URL")?.Value ?? string.Empty))
            .GroupBy(k => k.Name.ToUpperInvariant())
            .ToDictionary(g => g.Key, g => g.Last());
        var leds = Children(root, "Led").Select(l => new LedState((int?)l.Attribute("number") ?? 0, (string?)l.Attribute("color"), l.Value.Trim())).ToList();
        var fetch = Child(root, "fetch") is { } f && int.TryParse((string?)f.Attribute("mil"), out var mil) ? new Refresh(mil, f.Value.Trim()) : null;
        Prompt? input = null;
        if (Child(root, "InputItem") is { } inputItem)
        {
            input = new Prompt(
                Child(inputItem, "DisplayName")?.Value ?? string.Empty,
                Child(inputItem, "InputToken")?.Value ?? string.Empty,
                Child(inputItem, "DefaultValue")?.Value ?? string.Empty,
                Child(root, "Url")?.Value ?? Child(root, "URL")?.Value ?? string.Empty);
        }

        var kind = root.Name.LocalName.Replace("SnomIPPhone", string.Empty, StringComparison.Ordinal).Replace("IPPhone", string.Empty, StringComparison.Ordinal);
        return new PhoneScreen(kind, Child(root, "Title")?.Value, lines, items, keys, leds, fetch, input);
    }

    public sealed record Item(string Name, string Url, bool Selected);

    public sealed record Key(string Name, string Label, string Url);

    public sealed record LedState(int Number, string? Color, string State)
    {
        public bool On => !State.Equals("off", StringComparison.OrdinalIgnoreCase);
    }

    public sealed record Refresh(int Milliseconds, string Url);

    public sealed record Prompt(string Label, string Token, string DefaultValue, string Url);
}
