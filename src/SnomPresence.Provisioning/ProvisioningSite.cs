using SnomPresence.Presence;

namespace SnomPresence.Provisioning;

/// <summary>Whose settings file the phone follows.</summary>
public enum ProvisioningMode
{
    /// <summary>The service is the phone's settings server: its file sets everything the service needs, and where to come back.</summary>
    Standalone,

    /// <summary>
    /// The PBX stays the phone's settings server and lists the service's per-phone file in its own as a
    /// <c>&lt;setting-files&gt;</c> entry; that file carries only what the service owns.
    /// </summary>
    Include,
}

/// <summary>What every phone's settings share: where the service and its provisioning files are, and how to reach them.</summary>
/// <param name="ServiceUrl">The address phones reach the service at, e.g. https://presence.example.de.</param>
/// <param name="SettingServer">Where phones fetch their settings; by default <c>{ServiceUrl}/provisioning/</c>.</param>
/// <param name="ProvisioningUser">The shared (enrollment) login phones send when they fetch settings (<c>http_client_user</c>).</param>
/// <param name="ProvisioningPassword">Its password (<c>http_client_pass</c>).</param>
/// <param name="SettingsRefresh">How often phones fetch their settings again (<c>settings_refresh_timer</c>).</param>
/// <param name="DefaultLanguage">The language of phones that have none of their own.</param>
/// <param name="Mode">Whether the service is the phone's settings server or an addition to the PBX's.</param>
public sealed record ProvisioningSite(
    Uri ServiceUrl,
    Uri SettingServer,
    string ProvisioningUser,
    string ProvisioningPassword,
    TimeSpan SettingsRefresh,
    Language DefaultLanguage,
    ProvisioningMode Mode = ProvisioningMode.Standalone)
{
    /// <summary>
    /// Each phone's own login, rendered instead of the shared one; null where the files are served by another web
    /// server, which knows only the shared login.
    /// </summary>
    public ProvisioningLogins? PhoneLogins { get; init; }

    /// <summary>The login rendered into <paramref name="mac"/>'s settings.</summary>
    public (string User, string Password) LoginFor(MacAddress mac) =>
        PhoneLogins is { } logins ? (ProvisioningLogins.User(mac), logins.Password(mac)) : (ProvisioningUser, ProvisioningPassword);

    public override string ToString() => $"{ServiceUrl} (credentials hidden)";
}
