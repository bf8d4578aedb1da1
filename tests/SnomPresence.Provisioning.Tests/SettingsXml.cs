using System.Xml.Linq;

namespace SnomPresence.Provisioning.Tests;

/// <summary>Reads rendered Snom settings.</summary>
internal static class SettingsXml
{
    public static XElement PhoneSettings(this XDocument document) =>
        Assert.Single(document.Root!.Elements("phone-settings"));

    /// <summary>The only phone setting called <paramref name="name"/>.</summary>
    public static XElement Setting(this XDocument document, string name) =>
        Assert.Single(document.PhoneSettings().Elements(name));

    /// <summary>The setting <paramref name="name"/> for the identity <paramref name="idx"/>.</summary>
    public static XElement Setting(this XDocument document, string name, int idx) =>
        Assert.Single(document.PhoneSettings().Elements(name), e => (string?)e.Attribute("idx") == idx.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static bool Has(this XDocument document, string name) => document.PhoneSettings().Elements(name).Any();
}

/// <summary>A URL's query as name/value pairs; the tests need no more than this.</summary>
internal static class Query
{
    public static Dictionary<string, string> Parse(Uri url)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            Assert.True(query.TryAdd(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)), $"{name} appears twice in {url}");
        }

        return query;
    }

    /// <summary>Checks that <paramref name="text"/> is an absolute URL at <paramref name="expectedPath"/> and answers its query.</summary>
    public static Dictionary<string, string> At(string text, string expectedPath)
    {
        Assert.True(Uri.TryCreate(text, UriKind.Absolute, out var url), $"'{text}' is not an absolute URL");
        Assert.Equal("https://presence.example.de" + expectedPath, url.GetLeftPart(UriPartial.Path));
        return Parse(url);
    }
}
