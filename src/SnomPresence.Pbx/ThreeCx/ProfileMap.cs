using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>Status ↔ 3CX <c>CurrentProfileName</c>, from <c>Pbx:ThreeCX:Profiles</c>.</summary>
internal sealed class ProfileMap
{
    private readonly FrozenDictionary<PresenceStatus, string> _toProfile;
    private readonly FrozenDictionary<string, PresenceStatus> _toStatus;

    public ProfileMap(IOptions<PbxOptions> options)
    {
        var configured = options.Value.ThreeCX.Profiles;
        _toProfile = Enum.GetValues<PresenceStatus>().ToFrozenDictionary(s => s, s => configured[EnumIds.Id(s)]);
        _toStatus = _toProfile.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
    }

    public string ProfileName(PresenceStatus status) => _toProfile[status];

    public bool TryGetStatus(string? profileName, out PresenceStatus status)
    {
        status = default;
        return profileName is not null && _toStatus.TryGetValue(profileName, out status);
    }
}
