using System.Net;
using System.Xml.Linq;

namespace SnomPresence.Web.Tests;

/// <summary>A Snom XML page as a phone would read it, parsed element by element.</summary>
public sealed record PhonePage(XDocument Document)
{
    public XElement Root => Document.Root!;

    public string? Title => Root.Element("Title")?.Value;

    /// <summary>The lines of a SnomIPPhoneText, split where the page has &lt;br/&gt;.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            var lines = new List<string> { string.Empty };
            foreach (var node in Root.Element("Text")?.Nodes() ?? [])
            {
                if (node is XElement { Name.LocalName: "br" })
                {
                    lines.Add(string.Empty);
                }
                else
                {
                    lines[^1] += node is XText text ? text.Value : node.ToString();
                }
            }

            return lines;
        }
    }

    public IReadOnlyDictionary<string, (string Label, string Url)> SoftKeys =>
        Root.Elements("SoftKeyItem").ToDictionary(k => k.Element("Name")!.Value, k => (k.Element("Label")!.Value, k.Element("URL")!.Value));

    public IReadOnlyList<(string Name, bool Selected, string Url)> MenuItems =>
        [.. Root.Elements("MenuItem").Select(i => ((string)i.Attribute("name")!, (string?)i.Attribute("sel") == "true", i.Element("URL")!.Value))];

    public (int Number, string? Color, string State)? Led =>
        Root.Element("Led") is { } led ? ((int)led.Attribute("number")!, (string?)led.Attribute("color"), led.Value) : null;

    public (int Mil, string Url)? Fetch =>
        Root.Element("fetch") is { } fetch ? ((int)fetch.Attribute("mil")!, fetch.Value) : null;

    /// <summary>
    /// Reads a phone response, checking what every phone page must be: 200 (or the refusal status a test expects),
    /// UTF-8 XML with declaration, no BOM.
    /// </summary>
    public static async Task<PhonePage> ReadAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8), "A phone page starts with the XML declaration, without a BOM.");
        using var stream = new MemoryStream(bytes);
        return new PhonePage(XDocument.Load(stream));
    }

    public static async Task<PhonePage> GetAsync(HttpClient client, string url) => await ReadAsync(await client.GetAsync(url));

    /// <summary>Relative form of an absolute link on the page, to follow it with the test client.</summary>
    public static string PathOf(string url) => new Uri(url).PathAndQuery;
}
