using SnomPresence.Presence;

namespace SnomPresence.Provisioning.Tests;

public class PhoneInputTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);

    private static PhoneFields Valid => new("00:04:13:a1:1f:a7", "d785", ["201", " 202 "], "  Empfang  ", "EN", "admin", "secret-pw");

    [Fact]
    public void Apply_ValidNewPhone_NormalisesFieldsAndIssuesAToken()
    {
        var errors = new Dictionary<string, string>();

        var phone = PhoneInput.Apply(Valid, null, TestData.Shipped, Now, errors);

        Assert.Empty(errors);
        Assert.NotNull(phone);
        Assert.Equal("000413A11FA7", phone.Mac.Value);
        Assert.Equal("D785", phone.Model.Value);
        Assert.Equal(["201", "202"], phone.Extensions.Select(e => e.Value));
        Assert.Equal("Empfang", phone.DisplayName);
        Assert.Equal(Language.En, phone.Language);
        Assert.Equal(new PhoneWebLogin("admin", "secret-pw"), phone.WebLogin);
        Assert.Matches("^[A-Za-z0-9_-]{32}$", phone.Token.Current);
        Assert.Null(phone.Token.Previous);
        Assert.Equal(Now, phone.UpdatedAt);
    }

    [Fact]
    public void Apply_OptionalFieldsEmpty_LeavesThemUnset()
    {
        var errors = new Dictionary<string, string>();

        var phone = PhoneInput.Apply(Valid with { DisplayName = " ", Language = "", WebUser = null, WebPassword = "" }, null, TestData.Shipped, Now, errors);

        Assert.Empty(errors);
        Assert.NotNull(phone);
        Assert.Null(phone.DisplayName);
        Assert.Null(phone.Language);
        Assert.Null(phone.WebLogin);
    }

    [Fact]
    public void Apply_TwoNewPhones_GetDifferentTokens()
    {
        var first = PhoneInput.Apply(Valid, null, TestData.Shipped, Now, new Dictionary<string, string>());
        var second = PhoneInput.Apply(Valid, null, TestData.Shipped, Now, new Dictionary<string, string>());

        Assert.NotEqual(first!.Token.Current, second!.Token.Current);
    }

    public static TheoryData<PhoneFields, string> InvalidFields => new()
    {
        { Valid with { Mac = "00:04:13:a1:1f" }, PhoneInput.MacField },
        { Valid with { Mac = null }, PhoneInput.MacField },
        { Valid with { Model = "X785" }, PhoneInput.ModelField },
        { Valid with { Model = null }, PhoneInput.ModelField },
        { Valid with { Extensions = [] }, PhoneInput.ExtensionsField },
        { Valid with { Extensions = null }, PhoneInput.ExtensionsField },
        { Valid with { Extensions = ["201", "20a"] }, PhoneInput.ExtensionsField },
        { Valid with { Extensions = ["201", "202", "201"] }, PhoneInput.ExtensionsField },
        { Valid with { Extensions = Enumerable.Range(201, 13).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() }, PhoneInput.ExtensionsField },
        { Valid with { DisplayName = new string('x', ProvisionedPhone.MaxDisplayNameLength + 1) }, PhoneInput.DisplayNameField },
        { Valid with { DisplayName = "Empfang\nZentrale" }, PhoneInput.DisplayNameField },
        { Valid with { DisplayName = "Empfang\u0007" }, PhoneInput.DisplayNameField },
        { Valid with { DisplayName = "a\uD800b" }, PhoneInput.DisplayNameField },
        { Valid with { DisplayName = "a\uDC00" }, PhoneInput.DisplayNameField },
        { Valid with { WebUser = "admin", WebPassword = "pw\u0001" }, PhoneInput.WebPasswordField },
        { Valid with { WebUser = "ad\uD800", WebPassword = "secret-pw" }, PhoneInput.WebUserField },
        { Valid with { Language = "fr" }, PhoneInput.LanguageField },
        { Valid with { WebUser = "", WebPassword = "secret-pw" }, PhoneInput.WebUserField },
        { Valid with { WebUser = "ad:min" }, PhoneInput.WebUserField },
        { Valid with { WebUser = "admin", WebPassword = "" }, PhoneInput.WebPasswordField },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void Apply_InvalidField_ReportsItUnderItsFieldName(PhoneFields fields, string field)
    {
        var errors = new Dictionary<string, string>();

        var phone = PhoneInput.Apply(fields, null, TestData.Shipped, Now, errors);

        Assert.Null(phone);
        Assert.Equal([field], errors.Keys);
        Assert.False(string.IsNullOrWhiteSpace(errors[field]));
    }

    [Fact]
    public void Apply_TwelveExtensions_IsTheMost()
    {
        var extensions = Enumerable.Range(201, ProvisionedPhone.MaxExtensions).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var errors = new Dictionary<string, string>();

        var phone = PhoneInput.Apply(Valid with { Extensions = extensions }, null, TestData.Shipped, Now, errors);

        Assert.Empty(errors);
        Assert.Equal(ProvisionedPhone.MaxExtensions, phone!.Extensions.Count);
    }

    [Fact]
    public void Apply_ModelWithoutTemplate_ReportsTheModel()
    {
        using var folder = new TemplateFolder().WithMarker("D7xx.xml", "family");
        var templates = folder.Load();
        var errors = new Dictionary<string, string>();

        Assert.NotNull(PhoneInput.Apply(Valid with { Model = "D712" }, null, templates, Now, new Dictionary<string, string>()));
        Assert.Null(PhoneInput.Apply(Valid with { Model = "D385" }, null, templates, Now, errors));

        Assert.Equal([PhoneInput.ModelField], errors.Keys);
        Assert.Contains("D385", errors[PhoneInput.ModelField], StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_SeveralBadFields_ReportsEach()
    {
        var errors = new Dictionary<string, string>();

        var phone = PhoneInput.Apply(new PhoneFields("nope", "X1", ["a"], null, "fr", null, "pw"), null, TestData.Shipped, Now, errors);

        Assert.Null(phone);
        Assert.Equal(
            [PhoneInput.ExtensionsField, PhoneInput.LanguageField, PhoneInput.MacField, PhoneInput.ModelField, PhoneInput.WebUserField],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Apply_UpdateWithoutPassword_KeepsTokenAndStoredPassword()
    {
        var existing = TestData.Phone("D785");
        var errors = new Dictionary<string, string>();

        var phone = PhoneInput.Apply(Valid with { Model = "D865", Extensions = ["301"], WebPassword = "" }, existing, TestData.Shipped, Now, errors);

        Assert.Empty(errors);
        Assert.NotNull(phone);
        Assert.Same(existing.Token, phone.Token);
        Assert.Equal(new PhoneWebLogin("admin", TestData.WebPassword), phone.WebLogin);
        Assert.Equal("D865", phone.Model.Value);
        Assert.Equal(["301"], phone.Extensions.Select(e => e.Value));
        Assert.Equal(Now, phone.UpdatedAt);
    }

    [Fact]
    public void Apply_UpdateWithNewPasswordOrUser_ReplacesTheLogin()
    {
        var existing = TestData.Phone("D785");

        var newPassword = PhoneInput.Apply(Valid with { WebPassword = "new-pw" }, existing, TestData.Shipped, Now, new Dictionary<string, string>());
        var newUser = PhoneInput.Apply(Valid with { WebUser = "root", WebPassword = "" }, existing, TestData.Shipped, Now, new Dictionary<string, string>());

        Assert.Equal(new PhoneWebLogin("admin", "new-pw"), newPassword!.WebLogin);
        Assert.Same(existing.Token, newPassword.Token);
        Assert.Equal(new PhoneWebLogin("root", TestData.WebPassword), newUser!.WebLogin);
    }

    [Fact]
    public void Apply_UpdateWithoutWebUser_RemovesTheLogin()
    {
        var phone = PhoneInput.Apply(Valid with { WebUser = null, WebPassword = null }, TestData.Phone("D785"), TestData.Shipped, Now, new Dictionary<string, string>());

        Assert.Null(phone!.WebLogin);
    }

    [Fact]
    public void Apply_ExistingPhoneWithoutStoredPassword_StillNeedsOne()
    {
        var existing = TestData.Phone("D785") with { WebLogin = null };
        var errors = new Dictionary<string, string>();

        Assert.Null(PhoneInput.Apply(Valid with { WebPassword = "" }, existing, TestData.Shipped, Now, errors));

        Assert.Equal([PhoneInput.WebPasswordField], errors.Keys);
    }
}
