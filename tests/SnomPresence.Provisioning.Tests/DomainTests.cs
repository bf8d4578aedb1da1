using SnomPresence.Presence;

namespace SnomPresence.Provisioning.Tests;

public class MacAddressTests
{
    [Theory]
    [InlineData("000413A11FA7")]
    [InlineData("000413a11fa7")]
    [InlineData("00:04:13:a1:1f:a7")]
    [InlineData("00-04-13-A1-1F-A7")]
    [InlineData("0004.13a1.1fa7")]
    public void TryParse_CommonNotations_NormaliseToTwelveUpperCaseDigits(string text)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal("000413A11FA7", mac.Value);
        Assert.Equal("000413A11FA7", mac.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("000413A11FA")]
    [InlineData("000413A11FA70")]
    [InlineData("000413A11FAG")]
    [InlineData("00:04:13:a1:1f:a7:00")]
    [InlineData("00 04 13 a1 1f a7")]
    [InlineData("０００４１３Ａ１１ＦＡ７")]
    public void TryParse_AnythingElse_Rejects(string? text)
    {
        Assert.False(MacAddress.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Invalid_Throws()
    {
        Assert.Throws<FormatException>(() => MacAddress.Parse("nope"));
    }
}

public class PhoneModelTests
{
    [Theory]
    [InlineData("D785", "D785", "D7xx")]
    [InlineData("d785", "D785", "D7xx")]
    [InlineData("snomD785", "D785", "D7xx")]
    [InlineData("SNOMd120", "D120", "D1xx")]
    [InlineData("D385", "D385", "D3xx")]
    [InlineData("D895M", "D895M", "D8xx")]
    [InlineData("d895m", "D895M", "D8xx")]
    public void TryParse_SnomDeskPhone_AnswersModelAndFamily(string text, string value, string family)
    {
        Assert.True(PhoneModel.TryParse(text, out var model));
        Assert.Equal(value, model.Value);
        Assert.Equal(family, model.Family);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("snom")]
    [InlineData("X785")]
    [InlineData("D7")]
    [InlineData("D78")]
    [InlineData("D0785")]
    [InlineData("D085")]
    [InlineData("D7850")]
    [InlineData("D785MM")]
    [InlineData(" D785")]
    public void TryParse_AnythingElse_Rejects(string? text)
    {
        Assert.False(PhoneModel.TryParse(text, out _));
    }
}

public class PhoneTokenTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Accepts_CurrentToken()
    {
        var token = new PhoneToken(TestData.Token, null, null);

        Assert.True(token.Accepts(TestData.Token, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tok_ABCdef0123456789-xy")]
    [InlineData("tok_ABCdef0123456789-xyz ")]
    [InlineData("TOK_ABCdef0123456789-xyz")]
    public void Accepts_WrongOrMissingToken_Rejects(string? presented)
    {
        var token = new PhoneToken(TestData.Token, null, null);

        Assert.False(token.Accepts(presented, Now));
    }

    [Fact]
    public void Rotate_AcceptsBothUntilThePreviousExpires()
    {
        var until = Now.AddDays(1);
        var old = new PhoneToken(TestData.Token, null, null);

        var rotated = old.Rotate(until);

        Assert.NotEqual(old.Current, rotated.Current);
        Assert.Equal(old.Current, rotated.Previous);
        Assert.Equal(until, rotated.PreviousValidUntil);
        Assert.True(rotated.Accepts(rotated.Current, Now));
        Assert.True(rotated.Accepts(old.Current, Now));
        Assert.True(rotated.Accepts(old.Current, until.AddTicks(-1)));
        Assert.False(rotated.Accepts(old.Current, until));
        Assert.False(rotated.Accepts(old.Current, until.AddDays(1)));
        Assert.True(rotated.Accepts(rotated.Current, until.AddDays(365)));
    }

    [Fact]
    public void Rotate_Twice_ForgetsTheFirstToken()
    {
        var first = new PhoneToken(TestData.Token, null, null);

        var twice = first.Rotate(Now.AddDays(1)).Rotate(Now.AddDays(1));

        Assert.False(twice.Accepts(first.Current, Now));
    }

    [Fact]
    public void Generate_Answers32UrlSafeCharactersThatDiffer()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => PhoneToken.Generate()).ToList();

        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{32}$", t));
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.NotEqual(PhoneToken.New().Current, PhoneToken.New().Current);
    }
}

public class SecretsTests
{
    [Fact]
    public void ToString_NeverShowsPasswordsOrTokens()
    {
        var phone = TestData.Phone("D785") with { Token = new PhoneToken(TestData.Token, "tok_previous_0123456789", TestData.UpdatedAt) };
        var fields = new PhoneFields(TestData.Mac, "D785", ["201"], "Empfang", "de", TestData.WebUser, TestData.WebPassword);
        string[] secrets = [TestData.Token, "tok_previous_0123456789", TestData.WebPassword, TestData.ProvisioningPassword];

        string[] texts =
        [
            phone.ToString(), phone.WebLogin!.ToString(), phone.Token.ToString(), fields.ToString(), TestData.Site.ToString(),
            $"{phone} {phone.WebLogin} {phone.Token} {fields} {TestData.Site}",
        ];

        foreach (var text in texts)
        {
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }

        Assert.Contains(TestData.Mac, phone.ToString(), StringComparison.Ordinal);
    }
}
