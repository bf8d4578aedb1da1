using System.Text;
using System.Xml.Linq;
using SnomPresence.Presence;

namespace SnomPresence.Provisioning.Tests;

public class RenderShippedTemplatesTests
{
    public static TheoryData<string> Families => ["D1xx", "D3xx", "D7xx", "D8xx"];

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamily_MatchesItsGoldenFile(string family)
    {
        var expected = File.ReadAllText(Path.Combine(RepositoryPaths.Golden, family + ".xml"));
        var actual = Render(family);

        Assert.True(
            XNode.DeepEquals(XDocument.Parse(expected), XDocument.Parse(actual)),
            $"{family} differs from Golden/{family}.xml.\n--- expected ---\n{expected}\n--- actual ---\n{actual}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamilyInIncludeMode_MatchesItsGoldenFile(string family)
    {
        var expected = File.ReadAllText(Path.Combine(RepositoryPaths.Golden, "Include", family + ".xml"));
        var actual = TestData.Shipped.Render(TestData.Phone(TestData.ModelOfFamily[family]), TestData.Site with { Mode = ProvisioningMode.Include });

        Assert.True(
            XNode.DeepEquals(XDocument.Parse(expected), XDocument.Parse(actual)),
            $"{family} in Include mode differs from Golden/Include/{family}.xml.\n--- expected ---\n{expected}\n--- actual ---\n{actual}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamily_IsSnomSettingsWithPhoneSettingsE2(string family)
    {
        var document = XDocument.Parse(Render(family));

        Assert.Equal("settings", document.Root!.Name.LocalName);
        Assert.Equal("2", (string?)document.PhoneSettings().Attribute("e"));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamily_PointsActionUrlsAtTheServiceWithMacAndToken(string family)
    {
        var document = XDocument.Parse(Render(family));

        foreach (var (setting, action) in new[] { ("action_dnd_on_url", "dnd-on"), ("action_dnd_off_url", "dnd-off") })
        {
            var query = Query.At(document.Setting(setting).Value, "/snom/action/" + action);
            Assert.Equal(TestData.Mac, query["mac"]);
            Assert.Equal(TestData.Token, query["token"]);
            Assert.Equal("$active_user", query["ext"]);
        }

        var setup = Query.At(document.Setting("action_setup_url").Value, "/snom/action/setup");
        Assert.Equal(TestData.Mac, setup["mac"]);
        Assert.Equal(TestData.Token, setup["token"]);
        Assert.Equal("201", setup["ext"]);
        Assert.Equal("$phone_ip", setup["ip"]);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamily_StatusKeyOfAPhoneWithTwoExtensionsOpensTheListOfBoth(string family)
    {
        var document = XDocument.Parse(Render(family));

        var key = Assert.Single(document.Root!.Elements("functionKeys").Elements("fkey"), k => (string?)k.Attribute("label") == "Status");
        Assert.Equal("1", (string?)key.Attribute("idx"));
        Assert.StartsWith("url ", key.Value, StringComparison.Ordinal);
        var query = Query.At(key.Value["url ".Length..], "/snom/identities");
        Assert.Equal("201", query["ext"]);
        Assert.Equal(TestData.Mac, query["mac"]);
        Assert.Equal(TestData.Token, query["token"]);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamily_StatusKeyOfAPhoneWithOneExtensionOpensItsMenu(string family)
    {
        var document = XDocument.Parse(TestData.Shipped.Render(TestData.Phone(TestData.ModelOfFamily[family], "201"), TestData.Site));

        var key = Assert.Single(document.Root!.Elements("functionKeys").Elements("fkey"));
        var query = Query.At(key.Value["url ".Length..], "/snom/menu");
        Assert.Equal("201", query["ext"]);
        Assert.Equal(TestData.Token, query["token"]);
    }

    [Theory]
    [InlineData("D713", true)]
    [InlineData("D735", true)]
    [InlineData("D785", true)]
    [InlineData("D712", false)]
    [InlineData("D765", false)]
    [InlineData("D385", false)]
    [InlineData("D120", false)]
    [InlineData("D865", false)]
    public void Render_ShortLabel_OnlyOnSmartLabelModels(string model, bool smartLabel)
    {
        var document = XDocument.Parse(TestData.Shipped.Render(TestData.Phone(model), TestData.Site));

        var key = Assert.Single(document.Root!.Elements("functionKeys").Elements("fkey"));
        Assert.Equal(smartLabel ? "Status" : null, (string?)key.Attribute("short_label"));
    }

    [Theory]
    [InlineData("D120", "http_user", "http_pass")]
    [InlineData("D385", "http_user", "http_pass")]
    [InlineData("D785", "http_user", "http_pass")]
    [InlineData("D862", "webserver_admin_name", "webserver_admin_password")]
    [InlineData("D865", "webserver_admin_name", "webserver_admin_password")]
    [InlineData("D815", "webserver_admin_name", "webserver_admin_password")]
    public void Render_WebLogin_UsesTheModelsOwnSettingNames(string model, string user, string password)
    {
        var document = XDocument.Parse(TestData.Shipped.Render(TestData.Phone(model), TestData.Site));

        Assert.Equal(TestData.WebUser, document.Setting(user).Value);
        Assert.Equal(TestData.WebPassword, document.Setting(password).Value);
        var other = user == "http_user" ? "webserver_admin_name" : "http_user";
        Assert.False(document.Has(other), $"{model} must not get {other}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void StatusKeyIndex_ShippedTemplates_IsTheKeyWithThePresenceUrl(string family)
    {
        Assert.Equal(1, TestData.Shipped.StatusKeyIndex(PhoneModel.Parse(TestData.ModelOfFamily[family])));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamily_LocksEverySettingButLetsTheUserChooseTheLanguage(string family)
    {
        var document = XDocument.Parse(Render(family));

        var settings = document.Root!.Elements().Elements().ToList();
        Assert.NotEmpty(settings);
        foreach (var setting in settings)
        {
            var expected = setting.Name.LocalName is "language" or "web_language" ? "!" : "R";
            Assert.True((string?)setting.Attribute("perm") == expected, $"{setting.Name} has perm=\"{(string?)setting.Attribute("perm")}\", expected \"{expected}\"");
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamily_FillsSiteAndPhoneSettings(string family)
    {
        var document = XDocument.Parse(Render(family));

        Assert.Equal("presence.example.de", document.Setting("mb_trusted_hosts").Value);
        Assert.Equal(TestData.Site.SettingServer.AbsoluteUri, document.Setting("setting_server").Value);
        Assert.Equal("43200", document.Setting("settings_refresh_timer").Value);
        Assert.Equal(TestData.ProvisioningUser, document.Setting("http_client_user").Value);
        Assert.Equal(TestData.ProvisioningPassword, document.Setting("http_client_pass").Value);
        Assert.Equal("English", document.Setting("language").Value);
        Assert.Equal(TestData.DisplayName, document.Setting("user_idle_text", 1).Value);
        Assert.Equal(TestData.DisplayName, document.Setting("user_idle_text", 2).Value);
        var model = SnomModels.For(PhoneModel.Parse(TestData.ModelOfFamily[family]));
        Assert.Equal(TestData.WebUser, document.Setting(model.WebUserSetting).Value);
        Assert.Equal(TestData.WebPassword, document.Setting(model.WebPasswordSetting).Value);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamily_HasNoXmlIdleScreenOfTheOldSnom3xx(string family)
    {
        // user_xml_screen_url expects a <screen_description> document (snom360/370); no D-series idle screen is documented.
        var document = XDocument.Parse(Render(family));

        Assert.False(document.Has("user_xml_screen_url"));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_EachFamily_IsUtf8XmlWithEscapedAmpersands(string family)
    {
        var text = Render(family);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
        Assert.Contains("&amp;mac=", text, StringComparison.Ordinal);
        Assert.Contains("Empfang &amp; Zentrale Müller", text, StringComparison.Ordinal);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bytes = strict.GetBytes(text);
        Assert.Equal(text, strict.GetString(bytes));
        Assert.True(bytes.AsSpan().IndexOf("Zentrale Müller"u8) >= 0, "the umlaut is not UTF-8 encoded");
    }

    private static string Render(string family) =>
        TestData.Shipped.Render(TestData.Phone(TestData.ModelOfFamily[family]), TestData.Site);
}
