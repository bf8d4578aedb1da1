using System.Xml.Linq;

namespace SnomPresence.Provisioning.Tests;

public class EscapingTests
{
    public static TheoryData<string> DisplayNames =>
    [
        "<settings>",
        "Tom & Jerry",
        "Say \"hi\"",
        "O'Brien",
        "a > b < c",
        "]]> <!-- --> &amp; &#x41;",
        "Empfang 📞 ☕",
        "Größe Übermaß äöüß ÄÖÜ",
        "{{token}}",
        "$1 $& ${name}",
        "Tom's \"<Desk>\" & 📞 Müller",
    ];

    [Theory]
    [MemberData(nameof(DisplayNames))]
    public void Render_DisplayNameInText_RoundTripsThroughWellFormedXml(string displayName)
    {
        var phone = TestData.Phone("D785") with { DisplayName = displayName };

        var document = XDocument.Parse(TestData.Shipped.Render(phone, TestData.Site));

        Assert.Equal(displayName, document.Setting("user_idle_text", 1).Value);
        Assert.Equal(displayName, document.Setting("user_idle_text", 2).Value);
    }

    [Theory]
    [MemberData(nameof(DisplayNames))]
    public void Render_DisplayNameInAttribute_RoundTripsThroughWellFormedXml(string displayName)
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <settings>
              <functionKeys e="2">
                <fkey idx="1" label="{{display_name}}" perm="R">line</fkey>
              </functionKeys>
            </settings>
            """);
        var phone = TestData.Phone("D785") with { DisplayName = displayName };

        var document = XDocument.Parse(folder.Load().Render(phone, TestData.Site));

        Assert.Equal(displayName, (string?)document.Root!.Element("functionKeys")!.Element("fkey")!.Attribute("label"));
    }

    [Fact]
    public void Render_MarkupInDisplayName_IsEscapedNotInjected()
    {
        var phone = TestData.Phone("D785") with { DisplayName = "</user_idle_text><http_pass>x</http_pass>" };

        var text = TestData.Shipped.Render(phone, TestData.Site);

        Assert.Contains("&lt;/user_idle_text&gt;&lt;http_pass&gt;x&lt;/http_pass&gt;", text, StringComparison.Ordinal);
        Assert.Single(XDocument.Parse(text).PhoneSettings().Elements("http_pass"));
    }

    [Fact]
    public void Render_NoDisplayName_ShowsTheFirstExtension()
    {
        var phone = TestData.Phone("D785") with { DisplayName = null };

        var document = XDocument.Parse(TestData.Shipped.Render(phone, TestData.Site));

        Assert.Equal("201", document.Setting("user_idle_text", 1).Value);
    }
}
