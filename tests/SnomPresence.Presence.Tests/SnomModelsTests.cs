namespace SnomPresence.Presence.Tests;

/// <summary>The model table against Snom's documentation as docs/snom.md quotes it, written down here on its own.</summary>
public class SnomModelsTests
{
    public static TheoryData<string, int> FirstLineKeyLeds => new()
    {
        // service.snom.com XML-Minibrowser-Led: D120 from 1, D305 … D385 from 2, D712 … D785 from 5.
        { "D120", 1 }, { "D305", 2 }, { "D315", 2 }, { "D335", 2 }, { "D345", 2 }, { "D375", 2 }, { "D385", 2 },
        { "D712", 5 }, { "D715", 5 }, { "D717", 5 }, { "D725", 5 }, { "D735", 5 }, { "D765", 5 }, { "D785", 5 },
        // symcon/Snom deviceProperties.php FKEY_LED_OFFSET.
        { "D713", 1 }, { "D862", 5 }, { "D865", 5 },
    };

    [Theory]
    [MemberData(nameof(FirstLineKeyLeds))]
    public void LedOfKey_KeyIndexN_IsTheFirstLineKeyLedPlusN(string model, int first)
    {
        var info = SnomModels.For(PhoneModel.Parse(model));

        Assert.True(info.Known);
        Assert.Equal(first, info.LedOfKey(0));
        Assert.Equal(first + 1, info.LedOfKey(1));
    }

    [Theory]
    [InlineData("D785", 24)]
    [InlineData("D713", 4)]
    public void LedOfKey_BeyondThePhonesOwnKeys_IsNull(string model, int keys)
    {
        var info = SnomModels.For(PhoneModel.Parse(model));

        Assert.NotNull(info.LedOfKey(keys - 1));
        Assert.Null(info.LedOfKey(keys));
        Assert.Null(info.LedOfKey(-1));
    }

    [Theory]
    [InlineData("D140")]
    [InlineData("D810")]
    [InlineData("D799")]
    [InlineData("D895M")]
    public void LedOfKey_ModelWithoutDocumentedNumbering_IsNull(string model) =>
        Assert.Null(SnomModels.For(PhoneModel.Parse(model)).LedOfKey(1));

    [Theory]
    [InlineData("D120", "http_user", "http_pass", true)]
    [InlineData("D385", "http_user", "http_pass", true)]
    [InlineData("D785", "http_user", "http_pass", true)]
    [InlineData("D799", "http_user", "http_pass", true)]
    [InlineData("D862", "webserver_admin_name", "webserver_admin_password", false)]
    [InlineData("D865", "webserver_admin_name", "webserver_admin_password", false)]
    [InlineData("D895M", "webserver_admin_name", "webserver_admin_password", false)]
    public void WebLoginAndRemoteControl_FollowTheFamily(string model, string user, string password, bool remote)
    {
        var info = SnomModels.For(PhoneModel.Parse(model));

        Assert.Equal((user, password, remote), (info.WebUserSetting, info.WebPasswordSetting, info.RemoteControl));
    }

    [Theory]
    [InlineData("D865", null, false)]
    [InlineData("D865", "10.1.184.15", false)]
    [InlineData("D865", "10.1.198", true)]
    [InlineData("D865", "10.1.198.19", true)]
    [InlineData("D865", "10.2.1.1", true)]
    [InlineData("D785", null, true)]
    [InlineData("D120", "10.1.54.13", true)]
    public void ShowsInput_D8xxOnlyFromFirmware10_1_198(string model, string? firmware, bool shows)
    {
        var info = SnomModels.For(PhoneModel.Parse(model));

        Assert.Equal(shows, info.ShowsInput(firmware is null ? null : SnomFirmware.Parse(firmware)));
    }

    [Theory]
    [InlineData("D713", true)]
    [InlineData("D735", true)]
    [InlineData("D785", true)]
    [InlineData("D765", false)]
    [InlineData("D385", false)]
    [InlineData("D865", false)]
    public void SmartLabel_OnlyWhereDocumented(string model, bool smartLabel) =>
        Assert.Equal(smartLabel, SnomModels.For(PhoneModel.Parse(model)).SmartLabel);

    [Theory]
    [InlineData("D385", true)]
    [InlineData("D785", true)]
    [InlineData("D865", true)]
    [InlineData("D120", false)]
    [InlineData("D315", false)]
    [InlineData("D345", false)]
    [InlineData("D712", false)]
    public void Colour_OnlyModelsWithADocumentedColourBackground(string model, bool colour) =>
        Assert.Equal(colour, SnomModels.For(PhoneModel.Parse(model)).Colour);

    [Theory]
    [InlineData("Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 2010.12-00004-g9ba52f5 000413922D24 SXM:0 UXM:0)", "D785", "10.1.33.33")]
    [InlineData("Mozilla/4.0 (compatible; snomD865-SIP 10.1.198.19 000413A11FA7)", "D865", "10.1.198.19")]
    [InlineData("Mozilla/4.0 (compatible; snomD120-SIP 10.1.54.13)", "D120", "10.1.54.13")]
    public void TryParseUserAgent_SnomPhone_GivesModelAndFirmware(string agent, string model, string firmware)
    {
        Assert.True(SnomModels.TryParseUserAgent(agent, out var parsed, out var version));
        Assert.Equal(model, parsed.Value);
        Assert.Equal(firmware, version.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("curl/8.5.0")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64)")]
    [InlineData("snom760-SIP 8.7.5.35")]
    public void TryParseUserAgent_AnythingElse_IsFalse(string? agent) =>
        Assert.False(SnomModels.TryParseUserAgent(agent, out _, out _));

    [Theory]
    [InlineData("Kurzzeit-Status …", "Kurzzeit-Status ...")]
    [InlineData("» Nicht stören", "> Nicht stören")]
    [InlineData("„Urlaub“ – bis Montag", "\"Urlaub\" - bis Montag")]
    [InlineData("Geschäftsreise ÄÖÜß", "Geschäftsreise ÄÖÜß")]
    [InlineData("Zu Tisch ☕", "Zu Tisch ?")]
    public void Ascii_KeepsLatinLettersAndReplacesWhatMonochromeFontsLack(string text, string expected) =>
        Assert.Equal(expected, SnomModels.Ascii(text));
}
