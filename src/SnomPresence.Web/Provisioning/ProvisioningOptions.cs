using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Provisioning;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Provisioning;

/// <summary>Where the phone templates are, how phones fetch their settings, and how tokens are rotated.</summary>
public sealed class ProvisioningOptions
{
    public const string SectionName = "Provisioning";

    /// <summary>
    /// <c>Standalone</c>: the service is the phones' settings server. <c>Include</c>: the PBX stays their settings
    /// server and lists each phone's file from here in its own; that file then carries only what the service owns.
    /// </summary>
    public ProvisioningMode Mode { get; set; } = ProvisioningMode.Standalone;

    /// <summary>The folder with the Snom settings templates; empty for the ones shipped with the service.</summary>
    public string? TemplatesPath { get; set; }

    /// <summary>
    /// The shared enrollment login: a phone fetches its settings with it only while it is enrolling (see
    /// <see cref="EnrollmentWindow"/>), and gets its own login with them. Without user and password the service
    /// does not serve provisioning files, as they carry the phones' secrets.
    /// </summary>
    public string? HttpUser { get; set; }

    /// <summary>Its password; never logged.</summary>
    public string? HttpPassword { get; set; }

    /// <summary>
    /// The server secret each phone's own provisioning password is derived from (with its MAC); at least 32
    /// characters, the same on every instance. Changing it changes every phone's password: they then need the
    /// enrollment login again. Never logged.
    /// </summary>
    public string? LoginSecret { get; set; }

    /// <summary>
    /// How long after a phone is added, or its token rotated, the enrollment login may fetch its settings; it ends
    /// earlier, at the phone's first fetch with its own login.
    /// </summary>
    public TimeSpan EnrollmentWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Where phones fetch their settings; empty for <c>{Snom:PublicBaseUrl}/provisioning/</c>.</summary>
    public string? SettingServer { get; set; }

    /// <summary>How often phones fetch their settings again (<c>settings_refresh_timer</c>).</summary>
    public TimeSpan SettingsRefresh { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a phone's previous token still works after a rotation, so it can fetch its new settings first.</summary>
    public TimeSpan TokenGracePeriod { get; set; } = TimeSpan.FromDays(2);

    /// <summary>A folder kept in step with the inventory for static hosting: each change rewrites the phone's file.</summary>
    public string? OutputPath { get; set; }

    /// <summary>
    /// The networks phones fetch their settings from (addresses or CIDRs); empty for the same as
    /// <c>Phones:AllowedNetworks</c>. Set it where phones are provisioned from elsewhere than they run, e.g. a staging network.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];

    public const int MinPasswordLength = 12;

    public const int MinLoginSecretLength = 32;
}

internal sealed class ProvisioningOptionsValidator(IHostEnvironment environment) : IValidateOptions<ProvisioningOptions>
{
    public ValidateOptionsResult Validate(string? name, ProvisioningOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"Provisioning:Mode '{options.Mode}' is unknown; use Standalone or Include.");
        }

        if (string.IsNullOrEmpty(options.HttpUser) != string.IsNullOrEmpty(options.HttpPassword))
        {
            errors.Add("Provisioning:HttpUser and Provisioning:HttpPassword must be set together.");
        }
        else if (options.HttpPassword is { Length: > 0 and < ProvisioningOptions.MinPasswordLength })
        {
            errors.Add($"Provisioning:HttpPassword must be at least {ProvisioningOptions.MinPasswordLength} characters.");
        }
        else if (options.HttpUser?.Contains(':', StringComparison.Ordinal) == true)
        {
            errors.Add("Provisioning:HttpUser must not contain ':'.");
        }
        else if (MacAddress.TryParse(options.HttpUser, out _))
        {
            errors.Add("Provisioning:HttpUser must not be a MAC address: phones' own logins use their MAC as user.");
        }

        if (!string.IsNullOrEmpty(options.HttpUser) && options.LoginSecret?.Length is null or < ProvisioningOptions.MinLoginSecretLength)
        {
            errors.Add($"Provisioning:LoginSecret must be set, at least {ProvisioningOptions.MinLoginSecretLength} characters (e.g. openssl rand -hex 32), "
                + "whenever Provisioning:HttpUser is: each phone's own provisioning password is derived from it.");
        }

        if (options.EnrollmentWindow < TimeSpan.FromMinutes(5) || options.EnrollmentWindow > TimeSpan.FromDays(90))
        {
            errors.Add($"Provisioning:EnrollmentWindow '{options.EnrollmentWindow}' must be between 00:05:00 and 90.00:00:00.");
        }

        if (!string.IsNullOrEmpty(options.SettingServer)
            && (!Uri.TryCreate(options.SettingServer, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https")))
        {
            errors.Add($"Provisioning:SettingServer '{options.SettingServer}' must be an absolute http or https URL.");
        }

        if (options.SettingsRefresh < TimeSpan.FromMinutes(5) || options.SettingsRefresh > TimeSpan.FromDays(30))
        {
            errors.Add($"Provisioning:SettingsRefresh '{options.SettingsRefresh}' must be between 00:05:00 and 30.00:00:00.");
        }

        if (options.TokenGracePeriod < TimeSpan.Zero || options.TokenGracePeriod > TimeSpan.FromDays(90))
        {
            errors.Add($"Provisioning:TokenGracePeriod '{options.TokenGracePeriod}' must be between 00:00:00 and 90.00:00:00.");
        }

        if (!NetworkList.TryParse(options.AllowedNetworks, "Provisioning:AllowedNetworks", out _, out var networkError))
        {
            errors.Add(networkError!);
        }

        try
        {
            PhoneTemplates.Load(TemplatesFolder(options, environment));
        }
        catch (TemplateException ex)
        {
            errors.AddRange(ex.Errors.Select(e => $"Provisioning:TemplatesPath: {e}"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The configured folder (relative to the content root), or the templates shipped next to the service.</summary>
    public static string TemplatesFolder(ProvisioningOptions options, IHostEnvironment environment) =>
        string.IsNullOrEmpty(options.TemplatesPath)
            ? Path.Combine(AppContext.BaseDirectory, "phone-templates")
            : Path.GetFullPath(options.TemplatesPath, environment.ContentRootPath);
}
