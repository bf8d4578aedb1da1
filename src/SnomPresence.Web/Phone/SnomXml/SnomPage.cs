using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.SnomXml;

/// <summary>
/// Builds Snom XML minibrowser documents. Every value goes through System.Xml.Linq, so names with &amp;, &lt; or
/// umlauts are escaped and the output is always well-formed UTF-8 with an XML declaration and no byte-order mark.
/// </summary>
internal sealed class SnomPage
{
    public const string ContentType = "text/xml; charset=utf-8";

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
    };

    private readonly XElement _root;

    private SnomPage(XElement root) => _root = root;

    /// <summary>A <c>SnomIPPhoneText</c> page: a title and lines separated by <c>&lt;br/&gt;</c>.</summary>
    public static SnomPage Text(string title, IEnumerable<string> lines)
    {
        var text = new XElement("Text");
        foreach (var line in lines)
        {
            if (text.Nodes().Any())
            {
                text.Add(new XElement("br"));
            }

            text.Add(new XText(line));
        }

        return new SnomPage(new XElement("SnomIPPhoneText", new XElement("Title", title), text));
    }

    /// <summary>A <c>SnomIPPhoneMenu</c>; the selected item gets <c>sel="true"</c> so the cursor starts there.</summary>
    public static SnomPage Menu(string title, IEnumerable<SnomMenuItem> items) =>
        new(new XElement(
            "SnomIPPhoneMenu",
            new XElement("Title", title),
            items.Select(item => new XElement(
                "MenuItem",
                new XAttribute("name", item.Name),
                item.Selected ? new XAttribute("sel", "true") : null,
                new XElement("URL", item.Url)))));

    /// <summary>
    /// A <c>SnomIPPhoneDirectory</c>: names with numbers; choosing an entry dials its <c>Telephone</c>. An entry
    /// with <see cref="SnomDirectoryEntry.Selected"/> gets <c>sel="true"</c>.
    /// </summary>
    public static SnomPage Directory(string title, IEnumerable<SnomDirectoryEntry> entries) =>
        new(new XElement(
            "SnomIPPhoneDirectory",
            new XElement("Title", title),
            entries.Select(entry => new XElement(
                "DirectoryEntry",
                entry.Selected ? new XAttribute("sel", "true") : null,
                new XElement("Name", entry.Name),
                new XElement("Telephone", entry.Telephone)))));

    /// <summary>
    /// A <c>SnomIPPhoneInput</c>: the phone asks for one value and loads <paramref name="url"/> with
    /// <paramref name="token"/> replaced by what was typed. <paramref name="flags"/>: n number, t phone number, a text.
    /// </summary>
    public static SnomPage Input(string prompt, string url, string token, string flags, string? defaultValue = null) =>
        new(new XElement(
            "SnomIPPhoneInput",
            new XElement("Url", url),
            new XElement(
                "InputItem",
                new XElement("DisplayName", prompt),
                new XElement("InputToken", token),
                new XElement("DefaultValue", defaultValue ?? string.Empty),
                new XElement("InputFlags", flags))));

    public SnomPage SoftKey(string key, string label, string url)
    {
        _root.Add(new XElement("SoftKeyItem", new XElement("Name", key), new XElement("Label", label), new XElement("URL", url)));
        return this;
    }

    /// <summary>Lights an LED, or hands it back to the phone's own logic with <c>off</c>.</summary>
    public SnomPage Led(int number, string color, bool on)
    {
        _root.Add(new XElement(
            "Led",
            new XAttribute("number", number.ToString(CultureInfo.InvariantCulture)),
            on ? new XAttribute("color", color) : null,
            on ? "on" : "off"));
        return this;
    }

    /// <summary>Loads <paramref name="url"/> after <paramref name="delay"/>: the self-refresh loop of a status screen.</summary>
    public SnomPage Fetch(TimeSpan delay, string url)
    {
        _root.Add(new XElement("fetch", new XAttribute("mil", ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)), url));
        return this;
    }

    /// <summary>
    /// The page again with every text and attribute value in characters a monochrome D1xx/D3xx font has
    /// (<see cref="SnomModels.Ascii"/>); URLs are ASCII already and stay as they are.
    /// </summary>
    public static SnomPage Ascii(string xml)
    {
        var root = XElement.Parse(xml);
        foreach (var node in root.DescendantNodesAndSelf())
        {
            if (node is XText text)
            {
                text.Value = SnomModels.Ascii(text.Value);
            }
            else if (node is XElement element)
            {
                foreach (var attribute in element.Attributes())
                {
                    attribute.Value = SnomModels.Ascii(attribute.Value);
                }
            }
        }

        return new SnomPage(root);
    }

    public string ToXml()
    {
        var builder = new StringBuilder(512);
        using (var writer = XmlWriter.Create(new Utf8StringWriter(builder), WriterSettings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), _root).Save(writer);
        }

        return builder.ToString();
    }

    public ContentHttpResult ToResult(int statusCode = StatusCodes.Status200OK) => TypedResults.Text(ToXml(), ContentType, statusCode: statusCode);

    // Makes the declaration say utf-8; the HTTP layer encodes the string as UTF-8 without a BOM.
    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => WriterSettings.Encoding;
    }
}

internal sealed record SnomMenuItem(string Name, string Url, bool Selected = false);

internal sealed record SnomDirectoryEntry(string Name, string Telephone, bool Selected = false);
