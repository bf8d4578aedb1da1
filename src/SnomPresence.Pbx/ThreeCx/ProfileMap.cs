using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// Status ↔ 3CX <c>CurrentProfileName</c>, from <c>Pbx:ThreeCX:Profiles</c>; <c>dnd</c> follows the profile 3CX uses for
/// a phone's DND key (<c>PhonesSettings.CustomDNDProfile</c>) once that is known.
/// </summary>
internal sealed class ProfileMap
{
    // Profile types (Pbx.ProfileType) by the fixed profile names, in case CustomDNDProfile holds a type, not a name.
    private static readonly FrozenDictionary<string, string> NamesOfTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Available"] = "Available",
        ["Away"] = "Away",
        ["OutOfOffice"] = "Out of office",
        ["Available2"] = "Custom 1",
        ["OutOfOffice2"] = "Custom 2",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> FixedNames = NamesOfTypes.Values.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<PresenceStatus, string> _configured;
    private volatile FrozenDictionary<PresenceStatus, string> _toProfile;

    public ProfileMap(IOptions<PbxOptions> options)
    {
        var configured = options.Value.ThreeCX.Profiles;
        _configured = Enum.GetValues<PresenceStatus>().ToFrozenDictionary(s => s, s => configured[EnumIds.Id(s)]);
        _toProfile = _configured;
    }

    /// <summary>Where the DND profile comes from: the configuration until 3CX names its own.</summary>
    public string DndSource { get; private set; } = "Pbx:ThreeCX:Profiles:dnd";

    public string ProfileName(PresenceStatus status) => _toProfile[status];

    /// <summary>
    /// The status a profile stands for. When the DND profile is also another status's profile (3CX's DND key may
    /// switch to Away), the status the extension has now is kept if it is one of them, else the other status is taken.
    /// </summary>
    public bool TryGetStatus(string? profileName, PresenceStatus? current, out PresenceStatus status)
    {
        status = default;
        var matches = _toProfile.Where(p => string.Equals(p.Value, profileName, StringComparison.OrdinalIgnoreCase)).Select(p => p.Key).ToList();
        if (matches.Count == 0)
        {
            return false;
        }

        status = current is { } now && matches.Contains(now) ? now : matches.OrderBy(s => s == PresenceStatus.Dnd).First();
        return true;
    }

    /// <summary>
    /// Takes 3CX's <c>CustomDNDProfile</c> (a profile name, or a profile type such as OutOfOffice) as the profile of
    /// <c>dnd</c>; empty or unknown leaves the configured one. Answers whether the profile of dnd changed.
    /// </summary>
    public bool UseDndProfile(string? customDndProfile)
    {
        var value = customDndProfile?.Trim();
        var name = string.IsNullOrEmpty(value) ? null
            : NamesOfTypes.TryGetValue(value, out var ofType) ? ofType
            : FixedNames.TryGetValue(value, out var fixedName) ? fixedName
            : _configured.Values.FirstOrDefault(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
        DndSource = name is null ? "Pbx:ThreeCX:Profiles:dnd" : "PhonesSettings.CustomDNDProfile";
        name ??= _configured[PresenceStatus.Dnd];
        if (string.Equals(name, _toProfile[PresenceStatus.Dnd], StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        _toProfile = _configured.ToFrozenDictionary(p => p.Key, p => p.Key == PresenceStatus.Dnd ? name : p.Value);
        return true;
    }
}
