using SnomPresence.Presence;

namespace SnomPresence.Provisioning.Tests;

/// <summary>The fixed phone and site the golden files are rendered from.</summary>
internal static class TestData
{
    public const string Token = "tok_ABCdef0123456789-xyz";
    public const string Mac = "000413A11FA7";
    public const string DisplayName = "Empfang & Zentrale Müller";
    public const string WebUser = "admin";
    public const string WebPassword = "secret-pw";
    public const string ProvisioningUser = "prov";
    public const string ProvisioningPassword = "prov-secret-123";

    public static readonly DateTimeOffset UpdatedAt = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    /// <summary>The model of each family the golden files are rendered for.</summary>
    public static readonly IReadOnlyDictionary<string, string> ModelOfFamily = new Dictionary<string, string>
    {
        ["D1xx"] = "D120",
        ["D3xx"] = "D385",
        ["D7xx"] = "D785",
        ["D8xx"] = "D865",
    };

    public static readonly ProvisioningSite Site = new(
        new Uri("https://presence.example.de/"),
        new Uri("https://presence.example.de/provisioning/"),
        ProvisioningUser,
        ProvisioningPassword,
        TimeSpan.FromHours(12),
        Language.De);

    private static readonly Lazy<PhoneTemplates> ShippedTemplates = new(() => PhoneTemplates.Load(RepositoryPaths.PhoneTemplates));

    /// <summary>The templates of the repository's phone-templates folder.</summary>
    public static PhoneTemplates Shipped => ShippedTemplates.Value;

    public static ProvisionedPhone Phone(string model = "D785", params string[] extensions) => new(
        MacAddress.Parse(Mac),
        PhoneModel.Parse(model),
        (extensions.Length == 0 ? ["201", "202"] : extensions).Select(Extension.Parse).ToArray(),
        DisplayName,
        Language.En,
        new PhoneWebLogin(WebUser, WebPassword),
        new PhoneToken(Token, null, null),
        UpdatedAt);
}
