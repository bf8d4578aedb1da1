using SnomPresence.Presence;

namespace SnomPresence.Provisioning;

/// <summary>What every phone's settings share: where the service and its provisioning files are, and how to reach them.</summary>
/// <param name="ServiceUrl">The address phones reach the service at, e.g. https://presence.example.de.</param>
/// <param name="SettingServer">Where phones fetch their settings; by default <c>{ServiceUrl}/provisioning/</c>.</param>
/// <param name="ProvisioningUser">The shared (enrollment) login phones send when they fetch settings (<c>http_client_user</c>).</param>
/// <param name="ProvisioningPassword">Its password (<c>http_client_pass</c>).</param>
/// <param name="SettingsRefresh">How often phones fetch their settings again (<c>settings_refresh_timer</c>).</param>
/// <param name="DefaultLanguage">The language of phones that have none of their own.</param>
public sealed record ProvisioningSite(
    Uri ServiceUrl,
    Uri SettingServer,
    string ProvisioningUser,
    string ProvisioningPassword,
    TimeSpan SettingsRefresh,
    Language DefaultLanguage)
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
