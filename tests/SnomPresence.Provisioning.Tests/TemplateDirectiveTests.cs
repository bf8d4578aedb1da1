using System.Xml.Linq;
using SnomPresence.Presence;

namespace SnomPresence.Provisioning.Tests;

public class TemplateDirectiveTests
{
    public static TheoryData<string> Models => ["D120", "D385", "D785", "D865"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Render_PhoneWithoutWebLogin_LeavesOutHttpUserAndPass(string model)
    {
        var phone = TestData.Phone(model) with { WebLogin = null };

        var document = XDocument.Parse(TestData.Shipped.Render(phone, TestData.Site));

        Assert.False(document.Has("http_user"));
        Assert.False(document.Has("http_pass"));
        Assert.True(document.Has("setting_server"));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Render_SiteWithoutProvisioningUser_LeavesOutHttpClientCredentials(string model)
    {
        var site = TestData.Site with { ProvisioningUser = "", ProvisioningPassword = "" };

        var document = XDocument.Parse(TestData.Shipped.Render(TestData.Phone(model), site));

        Assert.False(document.Has("http_client_user"));
        Assert.False(document.Has("http_client_pass"));
        Assert.True(document.Has(SnomModels.For(PhoneModel.Parse(model)).WebUserSetting));
    }

    [Fact]
    public void Render_SpEach_RepeatsTheElementPerExtensionWithIdentityFromOne()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <settings>
              <phone-settings e="2">
                <first_extension perm="R">{{extension}}</first_extension>
                <first_identity perm="R">{{identity}}</first_identity>
                <user_name idx="{{identity}}" perm="R" sp-each="extension">{{extension}}</user_name>
                <user_xml_screen_url idx="{{identity}}" perm="R" sp-each="extension">{{status_url}}</user_xml_screen_url>
              </phone-settings>
              <identities>
                <identity sp-each="extension" number="{{identity}}"><ext>{{extension}}</ext></identity>
              </identities>
            </settings>
            """);
        var phone = TestData.Phone("D785", "201", "202", "305");

        var document = XDocument.Parse(folder.Load().Render(phone, TestData.Site));

        Assert.Equal("201", document.Setting("first_extension").Value);
        Assert.Equal("1", document.Setting("first_identity").Value);
        Assert.Equal(["201", "202", "305"], document.PhoneSettings().Elements("user_name").Select(e => e.Value));
        Assert.Equal(["1", "2", "3"], document.PhoneSettings().Elements("user_name").Select(e => (string?)e.Attribute("idx")));
        Assert.Equal(
            ["201", "202", "305"],
            document.PhoneSettings().Elements("user_xml_screen_url").Select(e => Query.At(e.Value, "/snom/status")["ext"]));
        Assert.Equal(
            [("1", "201"), ("2", "202"), ("3", "305")],
            document.Root!.Element("identities")!.Elements("identity").Select(e => ((string)e.Attribute("number")!, e.Element("ext")!.Value)));
        Assert.All(document.Descendants(), e => Assert.Null(e.Attribute(PhoneTemplates.EachAttribute)));
    }

    [Fact]
    public void Render_SpIfOnAValue_KeepsTheElementWithoutTheDirective()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <settings>
              <phone-settings e="2">
                <http_user perm="R" sp-if="web_user">{{web_user}}</http_user>
              </phone-settings>
            </settings>
            """);

        var document = XDocument.Parse(folder.Load().Render(TestData.Phone("D785"), TestData.Site));

        var user = document.Setting("http_user");
        Assert.Equal(TestData.WebUser, user.Value);
        Assert.Null(user.Attribute(PhoneTemplates.IfAttribute));
    }

    [Fact]
    public void Render_ModelTemplate_WinsOverItsFamilyForThatModelOnly()
    {
        using var folder = new TemplateFolder().WithMarker("D7xx.xml", "family").WithMarker("D785.xml", "model");
        var templates = folder.Load();

        var d785 = XDocument.Parse(templates.Render(TestData.Phone("D785"), TestData.Site));
        var d765 = XDocument.Parse(templates.Render(TestData.Phone("D765"), TestData.Site));

        Assert.Equal("model", d785.Setting("marker").Value);
        Assert.Equal("family", d765.Setting("marker").Value);
        Assert.Equal(["D785", "D7xx"], templates.Names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("D785", true)]
    [InlineData("D712", true)]
    [InlineData("D345", false)]
    [InlineData("D865", false)]
    public void Serves_OnlyD7xxTemplates_ServesTheD7xxFamily(string model, bool served)
    {
        using var folder = new TemplateFolder().WithMarker("D7xx.xml", "family");

        Assert.Equal(served, folder.Load().Serves(PhoneModel.Parse(model)));
    }

    [Fact]
    public void Serves_ShippedTemplates_ServeEveryFamily()
    {
        Assert.All(["D120", "D385", "D785", "D865", "D895M"], model => Assert.True(TestData.Shipped.Serves(PhoneModel.Parse(model))));
        Assert.Equal(["D1xx", "D3xx", "D7xx", "D8xx"], TestData.Shipped.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Render_ModelWithoutTemplate_Throws()
    {
        using var folder = new TemplateFolder().WithMarker("D7xx.xml", "family");

        Assert.Throws<InvalidOperationException>(() => folder.Load().Render(TestData.Phone("D385"), TestData.Site));
    }

    [Fact]
    public void Render_LowerCaseTemplateNames_ServeTheirModels()
    {
        using var folder = new TemplateFolder().WithMarker("d7xx.xml", "family").WithMarker("d895m.xml", "model");
        var templates = folder.Load();

        Assert.True(templates.Serves(PhoneModel.Parse("D712")));
        Assert.Equal("model", XDocument.Parse(templates.Render(TestData.Phone("D895M"), TestData.Site)).Setting("marker").Value);
    }
}
