using System.Globalization;
using SnomPresence.Presence;

namespace SnomPresence.Provisioning;

/// <summary>The placeholder values for one phone: shared ones, plus <c>extension</c> and <c>identity</c> per identity.</summary>
internal sealed class TemplateValues
{
    private readonly ProvisionedPhone _phone;
    private readonly Dictionary<string, string> _shared;
    private readonly string _service;
    private readonly string _access;
    private readonly string _lang;

    private TemplateValues(ProvisionedPhone phone, ProvisioningSite site)
    {
        _phone = phone;
        _service = site.ServiceUrl.AbsoluteUri.TrimEnd('/');
        _access = $"mac={phone.Mac}&token={phone.Token.Current}";
        var language = phone.Language ?? site.DefaultLanguage;
        var first = phone.Extensions.Count > 0 ? phone.Extensions[0].Value : string.Empty;
        var model = SnomModels.For(phone.Model);
        var login = site.LoginFor(phone.Mac);
        _lang = phone.Language is { } own ? "&lang=" + EnumIds.Id(own) : string.Empty;
        _shared = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mac"] = phone.Mac.Value,
            ["model"] = phone.Model.Value,
            ["display_name"] = string.IsNullOrWhiteSpace(phone.DisplayName) ? first : phone.DisplayName,
            ["language"] = language == Language.En ? "English" : "Deutsch",
            ["lang"] = EnumIds.Id(language),
            ["token"] = phone.Token.Current,
            ["web_user"] = phone.WebLogin?.User ?? string.Empty,
            ["web_password"] = phone.WebLogin?.Password ?? string.Empty,
            ["service_url"] = _service,
            ["service_host"] = site.ServiceUrl.Host,
            ["setting_server"] = site.SettingServer.AbsoluteUri,
            ["settings_refresh"] = ((long)site.SettingsRefresh.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["provisioning_user"] = login.User,
            ["provisioning_password"] = login.Password,
            // $active_user is the identity whose DND changed: the phone fills it in, so each identity reports its own.
            ["dnd_on_url"] = $"{_service}/snom/action/dnd-on?ext=$active_user&{_access}",
            ["dnd_off_url"] = $"{_service}/snom/action/dnd-off?ext=$active_user&{_access}",
            ["setup_url"] = $"{_service}/snom/action/setup?ext={first}&{_access}&ip=$phone_ip",
            // A phone with several extensions first shows them all and lets the user pick the one to change.
            ["presence_url"] = phone.Extensions.Count > 1
                ? $"{_service}/snom/identities?ext={first}&{_access}{_lang}"
                : $"{_service}/snom/menu?ext={first}&{_access}{_lang}",
            ["standalone"] = site.Mode == ProvisioningMode.Standalone ? "yes" : string.Empty,
            ["smart_label"] = model.SmartLabel ? "yes" : string.Empty,
            ["web_user_setting"] = model.WebUserSetting,
            ["web_password_setting"] = model.WebPasswordSetting,
        };
    }

    public int IdentityCount => _phone.Extensions.Count;

    public static TemplateValues For(ProvisionedPhone phone, ProvisioningSite site) => new(phone, site);

    /// <summary>All values, with <c>extension</c> and <c>identity</c> (1-based) set to the identity at <paramref name="index"/>.</summary>
    public IReadOnlyDictionary<string, string> Identity(int index)
    {
        var extension = index < _phone.Extensions.Count ? _phone.Extensions[index].Value : string.Empty;
        return new Dictionary<string, string>(_shared, StringComparer.Ordinal)
        {
            ["extension"] = extension,
            ["identity"] = (index + 1).ToString(CultureInfo.InvariantCulture),
            ["status_url"] = $"{_service}/snom/status?ext={extension}&{_access}{_lang}",
            ["menu_url"] = $"{_service}/snom/menu?ext={extension}&{_access}{_lang}",
        };
    }
}
