using System.Xml.Linq;
using Microsoft.AspNetCore.WebUtilities;

namespace SnomPresence.Web.Tests.Provisioning;

/// <summary>A Snom settings file as a phone reads it: its settings by name (and idx), its function keys.</summary>
public sealed record ProvisionedSettings(XDocument Document)
{
    public XElement PhoneSettings => Document.Root!.Element("phone-settings")!;

    public string? Setting(string name, int? idx = null) =>
        PhoneSettings.Elements(name).FirstOrDefault(e => idx is null || (int?)e.Attribute("idx") == idx)?.Value;

    public string? Perm(string name) => (string?)PhoneSettings.Element(name)?.Attribute("perm");

    /// <summary>The URL of the function key labelled <paramref name="label"/>, without the <c>url </c> type prefix.</summary>
    public string? KeyUrl(string label) =>
        Document.Root!.Element("functionKeys")?.Elements("fkey").FirstOrDefault(k => (string?)k.Attribute("label") == label)?.Value is { } value
        && value.StartsWith("url ", StringComparison.Ordinal) ? value[4..] : null;

    public static async Task<ProvisionedSettings> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return new ProvisionedSettings(XDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The URL as the phone would call it: <c>$active_user</c> filled in, relative to the service.</summary>
    public static string AsCalled(string url, string activeUser = "201") =>
        new Uri(url.Replace("$active_user", activeUser, StringComparison.Ordinal).Replace("$phone_ip", "192.0.2.10", StringComparison.Ordinal)).PathAndQuery;

    public static Dictionary<string, string> Query(string url) =>
        QueryHelpers.ParseQuery(new Uri(url).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
}
