using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SnomPresence.Provisioning.Tests;

public partial class IncludeModeTests
{
    private static readonly ProvisioningSite IncludeSite = TestData.Site with { Mode = ProvisioningMode.Include };

    /// <summary>A PBX's Snom settings as 3CX-like provisioning writes them, with the line the README tells the admin to add.</summary>
    private static string PbxMainFile(string settingFilesLine) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <settings>
          <phone-settings e="2">
            <setting_server perm="R">https://pbx.example.de:5001/provisioning/abc123/</setting_server>
            <http_client_user perm="R">pbxprov</http_client_user>
            <http_client_pass perm="R">pbx-prov-secret</http_client_pass>
            <settings_refresh_timer perm="R">86400</settings_refresh_timer>
            <language perm="R">Deutsch</language>
            <user_active idx="1" perm="R">on</user_active>
            <user_name idx="1" perm="R">201</user_name>
            <user_host idx="1" perm="R">pbx.example.de</user_host>
            <user_idle_text idx="1" perm="R">201 Empfang</user_idle_text>
          </phone-settings>
          <functionKeys e="2">
            <fkey idx="0" context="active" perm="R">line</fkey>
            <fkey idx="2" context="active" label="Lager" perm="R">blf &lt;sip:205@pbx.example.de&gt;|*20*</fkey>
          </functionKeys>
          {settingFilesLine}
        </settings>
        """;

    [Fact]
    public void Render_IncludeMode_CarriesOnlyWhatTheServiceOwns()
    {
        foreach (var model in TestData.ModelOfFamily.Values)
        {
            var document = XDocument.Parse(TestData.Shipped.Render(TestData.Phone(model), IncludeSite));

            var names = document.PhoneSettings().Elements().Select(e => e.Name.LocalName).ToHashSet();
            var web = model.StartsWith("D8", StringComparison.Ordinal) ? new[] { "webserver_admin_name", "webserver_admin_password" } : ["http_user", "http_pass"];
            Assert.Equal(new[] { "action_dnd_on_url", "action_dnd_off_url", "action_setup_url" }.Concat(web).ToHashSet(), names);
            Assert.Single(document.Root!.Elements("functionKeys").Elements("fkey"));
        }
    }

    [Fact]
    public void Render_IncludeMode_WithoutWebLogin_LeavesTheWebLoginToThePbx()
    {
        var phone = TestData.Phone() with { WebLogin = null };

        var document = XDocument.Parse(TestData.Shipped.Render(phone, IncludeSite));

        Assert.False(document.Has("http_user"));
        Assert.False(document.Has("http_pass"));
    }

    [Fact]
    public void Render_IncludeMode_DropsPbxOwnedSettingsEvenFromATemplateThatSetsThem()
    {
        using var folder = new TemplateFolder();
        folder.With("D7xx.xml", """
            <settings>
              <phone-settings>
                <setting_server perm="R">{{setting_server}}</setting_server>
                <http_client_user perm="R">{{provisioning_user}}</http_client_user>
                <http_client_pass perm="R">{{provisioning_password}}</http_client_pass>
                <action_dnd_on_url perm="R">{{dnd_on_url}}</action_dnd_on_url>
              </phone-settings>
            </settings>
            """);

        var document = XDocument.Parse(folder.Load().Render(TestData.Phone(), IncludeSite));

        Assert.Equal(["action_dnd_on_url"], document.PhoneSettings().Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void PhoneReadingPbxFileWithReadmeLine_KeepsPbxProvisioningAndGetsPresence()
    {
        var line = ReadmeSettingFilesLine();
        var ours = TestData.Shipped.Render(TestData.Phone("D785", "201"), IncludeSite);
        var expectedUrl = $"https://snomprov:PASSWORD@presence.example.de/provisioning/snomD785-{TestData.Mac}.htm";

        var phone = SnomSettingsReader.Read(PbxMainFile(line), TestData.Mac, url => url == expectedUrl ? ours : throw new InvalidOperationException($"The phone asked for {url}."));

        Assert.Equal([expectedUrl], phone.Fetched);
        // The PBX stays the settings server, with its own login and refresh, language and identities.
        Assert.Equal("https://pbx.example.de:5001/provisioning/abc123/", phone.Setting("setting_server"));
        Assert.Equal("pbxprov", phone.Setting("http_client_user"));
        Assert.Equal("pbx-prov-secret", phone.Setting("http_client_pass"));
        Assert.Equal("86400", phone.Setting("settings_refresh_timer"));
        Assert.Equal("Deutsch", phone.Setting("language"));
        Assert.Equal("201 Empfang", phone.Setting("user_idle_text", 1));
        Assert.Equal("201", phone.Setting("user_name", 1));
        Assert.Equal("line", phone.Key(0)!.Value);
        Assert.StartsWith("blf ", phone.Key(2)!.Value, StringComparison.Ordinal);
        // Presence comes from the service: action URLs with the token, the Status key, the web login for pushes.
        Assert.Equal(TestData.Token, Query.At(phone.Setting("action_dnd_on_url")!, "/snom/action/dnd-on")["token"]);
        Assert.Equal(TestData.Token, Query.At(phone.Setting("action_dnd_off_url")!, "/snom/action/dnd-off")["token"]);
        Assert.Equal(TestData.Token, Query.At(phone.Setting("action_setup_url")!, "/snom/action/setup")["token"]);
        Assert.Equal("201", Query.At(phone.Key(1)!.Value["url ".Length..], "/snom/menu")["ext"]);
        Assert.Equal(TestData.WebUser, phone.Setting("http_user"));
        Assert.Equal(TestData.WebPassword, phone.Setting("http_pass"));
    }

    [Fact]
    public void Overlap_PbxFileSettingTheStatusKeyAndWebLogin_NamesExactlyThose()
    {
        var pbx = PbxMainFile(string.Empty)
            .Replace("<user_active idx=\"1\" perm=\"R\">on</user_active>", "<http_user perm=\"R\">admin</http_user><http_pass perm=\"R\">x</http_pass>", StringComparison.Ordinal)
            .Replace("<fkey idx=\"2\"", "<fkey idx=\"1\"", StringComparison.Ordinal);
        var ours = TestData.Shipped.Render(TestData.Phone("D785", "201"), IncludeSite);

        var overlaps = SettingsOverlap.Find(pbx, ours);

        Assert.Equal(["http_user", "http_pass", "fkey idx=\"1\""], overlaps.Select(o => o.ToString()));
    }

    [Fact]
    public void Overlap_PbxFileWithoutCommonSettings_FindsNone()
    {
        var ours = TestData.Shipped.Render(TestData.Phone("D785", "201"), IncludeSite);

        Assert.Empty(SettingsOverlap.Find(PbxMainFile(string.Empty), ours));
    }

    [Fact]
    public void Overlap_StandaloneFileNextToPbxFile_NamesThePbxOwnedSettings()
    {
        var ours = TestData.Shipped.Render(TestData.Phone("D785", "201"), TestData.Site);

        var overlaps = SettingsOverlap.Find(PbxMainFile(string.Empty), ours).Select(o => o.ToString()).ToList();

        Assert.Contains("setting_server", overlaps);
        Assert.Contains("http_client_user", overlaps);
        Assert.Contains("user_idle_text idx=\"1\"", overlaps);
    }

    /// <summary>The <c>&lt;setting-files&gt;</c> block the README tells an admin to add to the PBX's Snom template.</summary>
    private static string ReadmeSettingFilesLine()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var match = SettingFiles().Match(readme);
        Assert.True(match.Success, "README.md shows no <setting-files> block for Provisioning:Mode Include.");
        return match.Value;
    }

    [GeneratedRegex(@"<setting-files>\s*<file url=""[^""]+""\s*/>\s*</setting-files>", RegexOptions.CultureInvariant)]
    private static partial Regex SettingFiles();
}
