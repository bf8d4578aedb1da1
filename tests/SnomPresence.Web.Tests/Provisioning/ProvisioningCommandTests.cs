using System.Xml.Linq;

namespace SnomPresence.Web.Tests.Provisioning;

/// <summary><c>provision check</c> and <c>provision render</c>, run as an admin runs them: the built service with arguments.</summary>
public sealed class ProvisioningCommandTests : IAsyncLifetime
{
    private readonly string _output = Directory.CreateTempSubdirectory("snompresence-render-").FullName;
    private SnomPresenceApp _app = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _app = new SnomPresenceApp().WithProvisioning();
        _token = await _app.AddPhoneAsync("000413A11FA7", "D785", "201", "202");
        await _app.AddPhoneAsync("000413000002", "D120", "203");
        await _app.StopAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public async Task Render_WritesEachPhonesSettingsAndTheModelFiles()
    {
        var (exit, output, errors) = await RunAsync("provision", "render", "--out", _output);

        Assert.True(exit == 0, errors);
        Assert.Contains($"Wrote 2 phone file(s) and 2 model file(s) to {_output}", output, StringComparison.Ordinal);
        Assert.Equal(
            ["snomD120-000413000002.htm", "snomD120.htm", "snomD785-000413A11FA7.htm", "snomD785.htm"],
            Directory.GetFiles(_output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var settings = new ProvisionedSettings(XDocument.Load(Path.Combine(_output, "snomD785-000413A11FA7.htm")));
        var dndOn = settings.Setting("action_dnd_on_url")!;
        Assert.StartsWith($"{SnomPresenceApp.PublicBaseUrl}/snom/action/dnd-on?", dndOn, StringComparison.Ordinal);
        Assert.Equal(_token, ProvisionedSettings.Query(dndOn)["token"]);
        Assert.Empty(Directory.GetFiles(_output, "*.tmp"));
    }

    [Fact]
    public async Task Check_ValidatesEverythingAndWritesNothing()
    {
        var (exit, output, errors) = await RunAsync("provision", "check");

        Assert.True(exit == 0, errors);
        Assert.Contains("Inventory: 2 phone(s)", output, StringComparison.Ordinal);
        Assert.Contains("All 2 phone(s) render", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_output));
    }

    [Fact]
    public async Task Check_WithABrokenTemplate_Exits2NamingFileAndLine()
    {
        var templates = Directory.CreateDirectory(Path.Combine(_output, "templates")).FullName;
        await File.WriteAllTextAsync(Path.Combine(templates, "D7xx.xml"), "<settings>\n  <phone-settings>\n    <x>{{nope}}</x>\n");

        var (exit, _, errors) = await RunAsync("provision", "check", "--Provisioning:TemplatesPath=" + templates);

        Assert.Equal(2, exit);
        Assert.Contains("Provisioning:TemplatesPath", errors, StringComparison.Ordinal);
        Assert.Contains("D7xx.xml line", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithAPhoneNoTemplateServes_Exits1NamingThePhone()
    {
        var templates = Directory.CreateDirectory(Path.Combine(_output, "templates")).FullName;
        File.Copy(Path.Combine(Path.GetDirectoryName(ServiceProcess.BuiltDll("SnomPresence.Web", "SnomPresence.Web.dll"))!, "phone-templates", "D7xx.xml"), Path.Combine(templates, "D7xx.xml"));

        var (exit, _, errors) = await RunAsync("provision", "check", "--Provisioning:TemplatesPath=" + templates);

        Assert.Equal(1, exit);
        Assert.Contains("Phone 000413000002: no template serves model D120", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_IncludeModeWithThePbxFile_WarnsAboutEverySettingBothFilesSet()
    {
        var pbxFile = Path.Combine(_output, "pbx.xml");
        await File.WriteAllTextAsync(pbxFile, """
            <?xml version="1.0" encoding="utf-8"?>
            <settings>
              <phone-settings e="2">
                <setting_server perm="R">https://pbx.example.de:5001/provisioning/abc/</setting_server>
                <http_client_user perm="R">pbxprov</http_client_user>
                <action_setup_url perm="R">https://pbx.example.de:5001/setup</action_setup_url>
                <user_idle_text idx="1" perm="R">201</user_idle_text>
              </phone-settings>
              <functionKeys e="2">
                <fkey idx="0" context="active" perm="R">line</fkey>
                <fkey idx="1" context="active" perm="R">blf &lt;sip:205@pbx&gt;</fkey>
              </functionKeys>
            </settings>
            """);

        var (exit, output, errors) = await RunAsync("provision", "check", "--pbx-file", pbxFile, "--Provisioning:Mode=Include");

        Assert.True(exit == 0, errors);
        Assert.Contains("All 2 phone(s) render for Provisioning:Mode Include", output, StringComparison.Ordinal);
        foreach (var mac in new[] { "000413A11FA7", "000413000002" })
        {
            Assert.Contains($"Warning: phone {mac}: both the PBX's file and this one set action_setup_url;", output, StringComparison.Ordinal);
            Assert.Contains($"Warning: phone {mac}: both the PBX's file and this one set fkey idx=\"1\";", output, StringComparison.Ordinal);
        }

        // What Include leaves to the PBX is no overlap: the service's file does not set it.
        Assert.DoesNotContain("set setting_server", output, StringComparison.Ordinal);
        Assert.DoesNotContain("set http_client_user", output, StringComparison.Ordinal);
        Assert.DoesNotContain("set user_idle_text", output, StringComparison.Ordinal);
        Assert.Contains("4 setting(s) set by both files.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PbxFileThatDoesNotExist_Exits2NamingIt()
    {
        var (exit, _, errors) = await RunAsync("provision", "check", "--pbx-file", Path.Combine(_output, "missing.xml"));

        Assert.Equal(2, exit);
        Assert.Contains("missing.xml: no such file", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnknownProvisioningMode_Exits2NamingTheKey()
    {
        var (exit, _, errors) = await RunAsync("provision", "check", "--Provisioning:Mode=Both");

        Assert.Equal(2, exit);
        Assert.Contains("Provisioning:Mode", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_WithoutThePublicAddress_Exits2NamingTheKey()
    {
        var (exit, _, errors) = await RunAsync("provision", "render", "--out", _output, "--Snom:PublicBaseUrl=");

        Assert.Equal(2, exit);
        Assert.Contains("Snom:PublicBaseUrl", errors, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_output));
    }

    [Fact]
    public async Task Import_ThousandsOfPhonesWithOutputRedirected_StoresThemAllAndPrintsNoProgress()
    {
        var csv = Path.Combine(_output, "phones.csv");
        await File.WriteAllLinesAsync(csv, [
            "mac,model,extensions,display_name,language,web_user,web_password",
            .. Enumerable.Range(0, 3000).Select(i => $"0004132{i:X5},D785,{1000 + i},Platz {i},de,,"),
        ]);

        var (exit, output, errors) = await RunAsync("provision", "import", "--from", csv);

        Assert.True(exit == 0, errors);
        Assert.Contains("Imported 3000 row(s): 3000 new phone(s), 0 changed.", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', output);
        Assert.DoesNotContain("Rows checked", output, StringComparison.Ordinal);
        var (_, check, _) = await RunAsync("provision", "check");
        Assert.Contains("Inventory: 3002 phone(s)", check, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Import_WithABadRowOrDryRun_ChangesNothing(bool dryRun)
    {
        var csv = Path.Combine(_output, "phones.csv");
        await File.WriteAllLinesAsync(csv, [
            "mac,model,extensions,display_name,language,web_user,web_password",
            "000413000101,D785,301,Empfang,de,,",
            dryRun ? "000413000102,D120,302,Lager,en,," : "not-a-mac,D120,302,Lager,en,,",
        ]);

        var (exit, output, errors) = await RunAsync(["provision", "import", "--from", csv, .. dryRun ? new[] { "--dry-run" } : []]);

        if (dryRun)
        {
            Assert.True(exit == 0, errors);
            Assert.Contains("Checked 2 row(s): 2 new phone(s), 0 changed; nothing was changed (--dry-run).", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(1, exit);
            Assert.Contains("Line 3, mac:", errors, StringComparison.Ordinal);
            Assert.Contains("Nothing imported: 1 problem(s) in 2 row(s).", errors, StringComparison.Ordinal);
        }

        var (_, check, _) = await RunAsync("provision", "check");
        Assert.Contains("Inventory: 2 phone(s)", check, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("provision")]
    [InlineData("provision", "import")]
    [InlineData("provision", "import", "--dry-run")]
    [InlineData("provision", "check", "--from", "x")]
    [InlineData("provision", "render", "--dry-run")]
    [InlineData("provision", "publish")]
    [InlineData("provision", "check", "--out", "x")]
    [InlineData("provision", "render", "--pbx-file", "x")]
    public async Task UnknownUse_Exits2WithTheUsage(params string[] args)
    {
        var (exit, _, errors) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("provision render [--out DIR]", errors, StringComparison.Ordinal);
    }

    // Later arguments win, so a test's own --Snom:PublicBaseUrl= comes after the default one.
    private Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args) =>
        ServiceProcess.RunToExitAsync("SnomPresence.Web", "SnomPresence.Web.dll",
        [
            .. args,
            $"--Store:Sqlite:Path={_app.DatabasePath}",
            $"--Snom:PublicBaseUrl={SnomPresenceApp.PublicBaseUrl}",
            .. args.Where(a => a.StartsWith("--Snom:", StringComparison.Ordinal)),
        ]);
}
