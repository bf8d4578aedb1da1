using System.Xml.Linq;
using CsCheck;
using SnomPresence.Web.Phone.SnomXml;

namespace SnomPresence.Web.Tests.SnomXml;

/// <summary>The page writer: whatever a value holds, the page parses and reads back what XML can carry of it.</summary>
public sealed class SnomPageTests
{
    [Theory]
    [InlineData("Müller & Söhne <GmbH>", "Müller & Söhne <GmbH>")]
    [InlineData("\"quoted\" 'single'", "\"quoted\" 'single'")]
    [InlineData("]]> <![CDATA[ &amp;", "]]> <![CDATA[ &amp;")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("bell\u0007null\0", "bell\uFFFDnull\uFFFD")]
    [InlineData("pair 😀 kept", "pair 😀 kept")]
    [InlineData("not a char \uFFFE\uFFFF", "not a char \uFFFD\uFFFD")]
    public void TextAndAttributeValues_ParseBackAsWritten_AndWhatXmlCannotCarryBecomesAReplacementCharacter(string value, string expected)
    {
        var page = SnomPage.Menu(value, [new SnomMenuItem(value, "http://x/?a=1&b=" + value, Selected: true)]).SoftKey("F1", value, "snom://mb_exit");

        var root = XDocument.Parse(page.ToXml()).Root!;

        Assert.Equal(expected, root.Element("Title")!.Value);
        var item = Assert.Single(root.Elements("MenuItem"));
        Assert.Equal(expected, item.Attribute("name")!.Value);
        Assert.Equal("true", item.Attribute("sel")!.Value);
        Assert.Equal("http://x/?a=1&b=" + expected, item.Element("URL")!.Value);
        Assert.Equal(expected, root.Element("SoftKeyItem")!.Element("Label")!.Value);
    }

    [Fact]
    public void LoneSurrogates_BecomeReplacementCharacters_APairStays()
    {
        // Built here: a test case's arguments go through serialization, which would replace the lone halves first.
        var value = "lone " + '\uD800' + " high, lone " + '\uDC00' + " low, pair " + char.ConvertFromUtf32(0x1F600);
        var page = SnomPage.Menu(value, [new SnomMenuItem(value, "u")]);

        var root = XDocument.Parse(page.ToXml()).Root!;

        var expected = "lone \uFFFD high, lone \uFFFD low, pair " + char.ConvertFromUtf32(0x1F600);
        Assert.Equal(expected, root.Element("Title")!.Value);
        Assert.Equal(expected, root.Element("MenuItem")!.Attribute("name")!.Value);
    }

    [Fact]
    public void AttributeWithLineBreaks_KeepsThem_TextLinesAreSeparatedByBr()
    {
        var page = SnomPage.Text("Title", ["one", "", "three\r\nfour"]).Led(5, "red", on: true).Fetch(TimeSpan.FromSeconds(30), "http://x/status?ext=1&mac=2");
        var menu = SnomPage.Menu("t", [new SnomMenuItem("a\r\nb\tc", "u")]);

        var root = XDocument.Parse(page.ToXml()).Root!;
        var text = root.Element("Text")!;

        Assert.Equal("SnomIPPhoneText", root.Name.LocalName);
        Assert.Equal(2, text.Elements("br").Count());
        Assert.Equal(["one", "three\r\nfour"], text.Nodes().OfType<XText>().Select(t => t.Value));
        Assert.Equal("on", root.Element("Led")!.Value);
        Assert.Equal("5", root.Element("Led")!.Attribute("number")!.Value);
        Assert.Equal("red", root.Element("Led")!.Attribute("color")!.Value);
        Assert.Equal("30000", root.Element("fetch")!.Attribute("mil")!.Value);
        Assert.Equal("http://x/status?ext=1&mac=2", root.Element("fetch")!.Value);
        Assert.Equal("a\r\nb\tc", XDocument.Parse(menu.ToXml()).Root!.Element("MenuItem")!.Attribute("name")!.Value);
    }

    [Fact]
    public void AnyString_InEveryPlace_GivesAPageThatParses()
    {
        var count = 0;
        Gen.String.Sample(value =>
        {
            var pages = new[]
            {
                SnomPage.Text(value, [value, value]).SoftKey("F1", value, value).Led(1, value, on: true).Fetch(TimeSpan.FromSeconds(1), value),
                SnomPage.Menu(value, [new SnomMenuItem(value, value, Selected: true)]),
                SnomPage.Directory(value, [new SnomDirectoryEntry(value, value, Selected: true)]),
                SnomPage.Input(value, value, value, value, value),
            };
            foreach (var page in pages)
            {
                var xml = page.ToXml();
                Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
                XDocument.Parse(xml);
                XDocument.Parse(SnomPage.Ascii(xml).ToXml());
                // CsCheck samples on several threads.
                Interlocked.Increment(ref count);
            }
        }, iter: 2000);
        Assert.Equal(8000, count);
    }
}
