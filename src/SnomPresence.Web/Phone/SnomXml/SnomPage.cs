using System.Buffers;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.SnomXml;

/// <summary>
/// Builds Snom XML minibrowser documents: well-formed UTF-8 with an XML declaration and no byte-order mark, every
/// value escaped, so names with &amp;, &lt; or umlauts show as typed. Written straight into one buffer rather than
/// through an element tree and XmlWriter: the status screen is the page every phone reloads, and building the tree
/// was a third of its cost (docs/benchmarks.md).
/// </summary>
internal sealed class SnomPage
{
    public const string ContentType = "text/xml; charset=utf-8";

    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    private readonly string _root;
    private readonly StringBuilder _body = new(512);

    private SnomPage(string root) => _root = root;

    /// <summary>A <c>SnomIPPhoneText</c> page: a title and lines separated by <c>&lt;br/&gt;</c>.</summary>
    public static SnomPage Text(string title, IEnumerable<string> lines)
    {
        var page = new SnomPage("SnomIPPhoneText").Element("Title", title);
        page._body.Append("<Text>");
        var first = true;
        foreach (var line in lines)
        {
            if (!first)
            {
                page._body.Append("<br />");
            }

            first = false;
            page.Escaped(line, attribute: false);
        }

        page._body.Append("</Text>");
        return page;
    }

    /// <summary>A <c>SnomIPPhoneMenu</c>; the selected item gets <c>sel="true"</c> so the cursor starts there.</summary>
    public static SnomPage Menu(string title, IEnumerable<SnomMenuItem> items)
    {
        var page = new SnomPage("SnomIPPhoneMenu").Element("Title", title);
        foreach (var item in items)
        {
            page.Start("MenuItem").Attribute("name", item.Name);
            if (item.Selected)
            {
                page.Attribute("sel", "true");
            }

            page._body.Append('>');
            page.Element("URL", item.Url)._body.Append("</MenuItem>");
        }

        return page;
    }

    /// <summary>
    /// A <c>SnomIPPhoneDirectory</c>: names with numbers; choosing an entry dials its <c>Telephone</c>. An entry
    /// with <see cref="SnomDirectoryEntry.Selected"/> gets <c>sel="true"</c>.
    /// </summary>
    public static SnomPage Directory(string title, IEnumerable<SnomDirectoryEntry> entries)
    {
        var page = new SnomPage("SnomIPPhoneDirectory").Element("Title", title);
        foreach (var entry in entries)
        {
            page.Start("DirectoryEntry");
            if (entry.Selected)
            {
                page.Attribute("sel", "true");
            }

            page._body.Append('>');
            page.Element("Name", entry.Name).Element("Telephone", entry.Telephone)._body.Append("</DirectoryEntry>");
        }

        return page;
    }

    /// <summary>
    /// A <c>SnomIPPhoneInput</c>: the phone asks for one value and loads <paramref name="url"/> with
    /// <paramref name="token"/> replaced by what was typed. <paramref name="flags"/>: n number, t phone number, a text.
    /// </summary>
    public static SnomPage Input(string prompt, string url, string token, string flags, string? defaultValue = null)
    {
        var page = new SnomPage("SnomIPPhoneInput").Element("Url", url);
        page._body.Append("<InputItem>");
        page.Element("DisplayName", prompt).Element("InputToken", token).Element("DefaultValue", defaultValue ?? string.Empty).Element("InputFlags", flags);
        page._body.Append("</InputItem>");
        return page;
    }

    public SnomPage SoftKey(string key, string label, string url)
    {
        _body.Append("<SoftKeyItem>");
        Element("Name", key).Element("Label", label).Element("URL", url);
        _body.Append("</SoftKeyItem>");
        return this;
    }

    /// <summary>Lights an LED, or hands it back to the phone's own logic with <c>off</c>.</summary>
    public SnomPage Led(int number, string color, bool on)
    {
        Start("Led").Attribute("number", number.ToString(CultureInfo.InvariantCulture));
        if (on)
        {
            Attribute("color", color);
        }

        _body.Append(on ? ">on</Led>" : ">off</Led>");
        return this;
    }

    /// <summary>Loads <paramref name="url"/> after <paramref name="delay"/>: the self-refresh loop of a status screen.</summary>
    public SnomPage Fetch(TimeSpan delay, string url)
    {
        Start("fetch").Attribute("mil", ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        _body.Append('>');
        Escaped(url, attribute: false);
        _body.Append("</fetch>");
        return this;
    }

    /// <summary>
    /// The page again with every text and attribute value in characters a monochrome D1xx/D3xx font has
    /// (<see cref="SnomModels.Ascii"/>); URLs are ASCII already and stay as they are.
    /// </summary>
    public static SnomPage Ascii(string xml)
    {
        var root = XElement.Parse(xml);
        var page = new SnomPage(root.Name.LocalName);
        foreach (var node in root.Nodes())
        {
            page.Write(node);
        }

        return page;
    }

    public string ToXml() => string.Concat(Declaration, "<", _root, ">", _body.ToString(), "</", _root, ">");

    public ContentHttpResult ToResult(int statusCode = StatusCodes.Status200OK) => TypedResults.Text(ToXml(), ContentType, statusCode: statusCode);

    private void Write(XNode node)
    {
        switch (node)
        {
            case XText text:
                Escaped(SnomModels.Ascii(text.Value), attribute: false);
                break;
            case XElement element:
                Start(element.Name.LocalName);
                foreach (var attribute in element.Attributes())
                {
                    Attribute(attribute.Name.LocalName, SnomModels.Ascii(attribute.Value));
                }

                if (element.IsEmpty)
                {
                    _body.Append(" />");
                    break;
                }

                _body.Append('>');
                foreach (var child in element.Nodes())
                {
                    Write(child);
                }

                _body.Append("</").Append(element.Name.LocalName).Append('>');
                break;
        }
    }

    private SnomPage Element(string name, string value)
    {
        _body.Append('<').Append(name).Append('>');
        Escaped(value, attribute: false);
        _body.Append("</").Append(name).Append('>');
        return this;
    }

    private SnomPage Start(string name)
    {
        _body.Append('<').Append(name);
        return this;
    }

    private SnomPage Attribute(string name, string value)
    {
        _body.Append(' ').Append(name).Append("=\"");
        Escaped(value, attribute: true);
        _body.Append('"');
        return this;
    }

    /// <summary>
    /// Escapes as an XML writer does; a character XML cannot carry at all (a control character, a lone surrogate,
    /// U+FFFE/U+FFFF) becomes U+FFFD, so a page always parses whatever a value holds.
    /// </summary>
    private void Escaped(string value, bool attribute)
    {
        var span = value.AsSpan();
        while (!span.IsEmpty)
        {
            var plain = span.IndexOfAny(Special);
            if (plain < 0)
            {
                _body.Append(span);
                return;
            }

            _body.Append(span[..plain]);

            var c = span[plain];
            var taken = 1;
            switch (c)
            {
                case '&': _body.Append("&amp;"); break;
                case '<': _body.Append("&lt;"); break;
                case '>': _body.Append("&gt;"); break;
                case '"': _body.Append(attribute ? "&quot;" : "\""); break;
                case '\r': _body.Append("&#xD;"); break;
                case '\n': _body.Append(attribute ? "&#xA;" : "\n"); break;
                case '\t': _body.Append(attribute ? "&#x9;" : "\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && plain + 1 < span.Length && char.IsLowSurrogate(span[plain + 1]))
                    {
                        _body.Append(c).Append(span[plain + 1]);
                        taken = 2;
                    }
                    else
                    {
                        _body.Append('\uFFFD');
                    }

                    break;
            }

            span = span[(plain + taken)..];
        }
    }

    /// <summary>What <see cref="Escaped"/> has to look at: markup, control characters, surrogates, U+FFFE and U+FFFF.</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '&', '<', '>', '"', .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c), '\uFFFE', '\uFFFF']);
}

internal sealed record SnomMenuItem(string Name, string Url, bool Selected = false);

internal sealed record SnomDirectoryEntry(string Name, string Telephone, bool Selected = false);
