namespace SnomPresence.Provisioning.Tests;

public class TemplateLoadErrorTests
{
    [Fact]
    public void Load_SpNameOtherThanAWebLoginSetting_NamesFileLineAndTheAllowedValues()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <settings>
              <phone-settings e="2">
                <http_user perm="R" sp-name="display_name">{{web_user}}</http_user>
              </phone-settings>
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 3", error, StringComparison.Ordinal);
        Assert.Contains("web_user_setting", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SpUnlessWithUnknownPlaceholder_NamesFileAndLine()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <settings>
              <phone-settings e="2">
                <x perm="R" sp-unless="nope">1</x>
              </phone-settings>
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 3", error, StringComparison.Ordinal);
        Assert.Contains("{{nope}}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownPlaceholder_NamesFileAndLine()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <?xml version="1.0" encoding="utf-8"?>
            <settings>
              <phone-settings e="2">
                <setting_server perm="R">{{setting_server}}</setting_server>
                <user_idle_text perm="R">{{nope}}</user_idle_text>
              </phone-settings>
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 5", error, StringComparison.Ordinal);
        Assert.Contains("{{nope}}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownPlaceholderInAttribute_NamesFileAndLine()
    {
        using var folder = new TemplateFolder().With("D3xx.xml", """
            <settings>
              <phone-settings e="2">
                <user_idle_text idx="{{index}}" perm="R">x</user_idle_text>
              </phone-settings>
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D3xx.xml line 3", error, StringComparison.Ordinal);
        Assert.Contains("{{index}}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{Token}}")]
    [InlineData("{{ token }}")]
    [InlineData("{{token")]
    public void Load_BracesThatAreNoPlaceholder_AreAnError(string text)
    {
        using var folder = new TemplateFolder().With("D7xx.xml", $"""
            <settings>
              <phone-settings e="2">
                <user_idle_text perm="R">{text}</user_idle_text>
              </phone-settings>
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedXml_NamesFileAndLine()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <settings>
              <phone-settings e="2">
                <language perm="!">{{language}}
              </phone-settings>
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 4", error, StringComparison.Ordinal);
        Assert.Contains("malformed XML", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownDirective_IsAnError()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <settings>
              <phone-settings e="2">
                <http_user perm="R" sp-foo="web_user">{{web_user}}</http_user>
              </phone-settings>
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 3", error, StringComparison.Ordinal);
        Assert.Contains("sp-foo", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SpEachOverSomethingElseThanExtension_IsAnError()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <settings>
              <phone-settings e="2">
                <user_idle_text idx="{{identity}}" perm="R" sp-each="identity">{{display_name}}</user_idle_text>
              </phone-settings>
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 3", error, StringComparison.Ordinal);
        Assert.Contains("sp-each=\"identity\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SpIfOnUnknownPlaceholder_IsAnError()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <settings>
              <phone-settings e="2">
                <http_user perm="R" sp-if="web_login">x</http_user>
              </phone-settings>
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 3", error, StringComparison.Ordinal);
        Assert.Contains("{{web_login}}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RootOtherThanSettings_IsAnError()
    {
        using var folder = new TemplateFolder().With("D7xx.xml", """
            <?xml version="1.0" encoding="utf-8"?>
            <phone-settings e="2">
              <language perm="!">{{language}}</language>
            </phone-settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 2", error, StringComparison.Ordinal);
        Assert.Contains("<settings>", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("foo.xml")]
    [InlineData("D7x.xml")]
    [InlineData("D785-old.xml")]
    [InlineData("D0xx.xml")]
    [InlineData("snomD785.xml")]
    public void Load_FileNameThatIsNoModelOrFamily_IsAnError(string fileName)
    {
        using var folder = new TemplateFolder().WithMarker("D7xx.xml", "family").WithMarker(fileName, "other");

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.StartsWith(fileName + ":", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_FolderWithoutXmlFiles_IsAnError(bool withReadme)
    {
        using var folder = new TemplateFolder();
        if (withReadme)
        {
            folder.With("README.md", "# not a template");
        }

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("no templates", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_IsAnError()
    {
        using var folder = new TemplateFolder();
        var missing = Path.Combine(folder.Path, "missing");

        var error = Assert.Single(Assert.Throws<TemplateException>(() => PhoneTemplates.Load(missing)).Errors);

        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ErrorsInSeveralFiles_ReportsEveryOne()
    {
        using var folder = new TemplateFolder()
            .With("D3xx.xml", """
                <settings>
                  <phone-settings e="2">
                    <user_idle_text perm="R">{{nope}}</user_idle_text>
                    <http_user perm="R" sp-foo="x">{{web_user}}</http_user>
                  </phone-settings>
                </settings>
                """)
            .With("D7xx.xml", """
                <settings>
                  <phone-settings e="2">
                    <language perm="!">{{language}}</language>
                  </phone-settings>
                  <functionKeys e="2">
                    <fkey idx="1" label="{{label}}" perm="R">url {{menu_url}}</fkey>
                  </functionKeys>
                </settings>
                """)
            .With("D8xx.xml", "<settings><unclosed></settings>")
            .WithMarker("D1xx.xml", "fine")
            .WithMarker("bar.xml", "badly named");

        var exception = Assert.Throws<TemplateException>(() => folder.Load());

        Assert.Equal(5, exception.Errors.Count);
        Assert.Contains(exception.Errors, e => e.StartsWith("D3xx.xml line 3:", StringComparison.Ordinal) && e.Contains("{{nope}}", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("D3xx.xml line 4:", StringComparison.Ordinal) && e.Contains("sp-foo", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("D7xx.xml line 6:", StringComparison.Ordinal) && e.Contains("{{label}}", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("D8xx.xml line 1:", StringComparison.Ordinal));
        Assert.Contains(exception.Errors, e => e.StartsWith("bar.xml:", StringComparison.Ordinal));
        Assert.All(exception.Errors, e => Assert.Contains(e, exception.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sp-each=\"extension\"")]
    [InlineData("sp-if=\"web_user\"")]
    public void Load_DirectiveOnTheRoot_IsAnError(string directive)
    {
        using var folder = new TemplateFolder().With("D7xx.xml", $"""
            <settings {directive}>
              <phone-settings e="2" />
            </settings>
            """);

        var error = Assert.Single(Assert.Throws<TemplateException>(() => folder.Load()).Errors);

        Assert.Contains("D7xx.xml line 1", error, StringComparison.Ordinal);
        Assert.Contains("root", error, StringComparison.Ordinal);
    }
}
