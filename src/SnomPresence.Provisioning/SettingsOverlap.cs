using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace SnomPresence.Provisioning;

/// <summary>A setting two settings files both set: a phone setting (with its identity, if any) or a function key.</summary>
/// <param name="Name">The setting, e.g. <c>action_dnd_on_url</c>, or <c>fkey</c> for a function key.</param>
/// <param name="Index">The <c>idx</c> attribute: identity of a per-identity setting, or the key's index; null for a plain setting.</param>
public sealed record SettingOverlap(string Name, string? Index)
{
    public override string ToString() => Index is null ? Name : string.Create(CultureInfo.InvariantCulture, $"{Name} idx=\"{Index}\"");
}

/// <summary>
/// Finds what a PBX's settings file and the service's file would both set on a phone. Which of the two wins is not
/// documented by Snom, so every overlap is a setting whose value depends on the order the phone reads them.
/// </summary>
public static class SettingsOverlap
{
    /// <summary>The settings both files set, in the order of <paramref name="serviceFile"/>. Values are never compared or shown: they may be secrets.</summary>
    /// <exception cref="XmlException">A file is not XML.</exception>
    public static IReadOnlyList<SettingOverlap> Find(string pbxFile, string serviceFile)
    {
        var pbx = Settings(XDocument.Parse(pbxFile)).ToHashSet();
        return [.. Settings(XDocument.Parse(serviceFile)).Distinct().Where(pbx.Contains)];
    }

    /// <summary>
    /// Every setting a Snom settings document sets: the children of <c>&lt;phone-settings&gt;</c> and the
    /// <c>&lt;fkey&gt;</c> elements of <c>&lt;functionKeys&gt;</c>, wherever those sections stand (in
    /// <c>&lt;settings&gt;</c> or as a document of their own).
    /// </summary>
    public static IEnumerable<SettingOverlap> Settings(XDocument document)
    {
        var root = document.Root!;
        foreach (var section in root.DescendantsAndSelf().Where(e => e.Name.LocalName == "phone-settings"))
        {
            foreach (var setting in section.Elements())
            {
                yield return new SettingOverlap(setting.Name.LocalName, (string?)setting.Attribute("idx"));
            }
        }

        foreach (var key in root.DescendantsAndSelf().Where(e => e.Name.LocalName == "fkey"))
        {
            yield return new SettingOverlap("fkey", (string?)key.Attribute("idx"));
        }
    }
}
