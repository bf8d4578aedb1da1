using System.Text;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Provisioning;
using SnomPresence.Web.Phone;

namespace SnomPresence.Web.Provisioning;

/// <summary>Renders phones' settings files with the site's addresses, and writes them to folders for static hosting.</summary>
internal sealed class PhoneProvisioning(
    PhoneTemplates templates,
    IOptions<ProvisioningOptions> options,
    IOptions<SnomOptions> snom,
    IHostEnvironment environment,
    ILogger<PhoneProvisioning> logger)
{
    /// <summary>An empty settings file: what a model file says when it cannot tell which phone asks.</summary>
    public const string EmptySettings = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<settings />\n";

    public PhoneTemplates Templates => templates;

    /// <summary>Each phone's own login; null without <c>Provisioning:LoginSecret</c>, which serving requires.</summary>
    public ProvisioningLogins? Logins { get; } = options.Value.LoginSecret is { Length: > 0 } secret ? new ProvisioningLogins(secret) : null;

    /// <summary>Provisioning files are served only with credentials configured: they carry the phones' secrets.</summary>
    public bool Serving => !string.IsNullOrEmpty(options.Value.HttpUser);

    public static string FileName(ProvisionedPhone phone) => $"snom{phone.Model}-{phone.Mac}.htm";

    public static string ModelFileName(PhoneModel model) => $"snom{model}.htm";

    /// <summary>
    /// The addresses rendered into settings: <c>Snom:PublicBaseUrl</c>, else <paramref name="requestBase"/> (the
    /// address the phone or admin used). Null when neither is known.
    /// </summary>
    public ProvisioningSite? Site(string? requestBase = null)
    {
        var configured = snom.Value.PublicBaseUrl;
        var baseUrl = string.IsNullOrEmpty(configured) ? requestBase : configured;
        if (string.IsNullOrEmpty(baseUrl) || !Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var service))
        {
            return null;
        }

        var o = options.Value;
        var settingServer = string.IsNullOrEmpty(o.SettingServer) ? new Uri(service, "provisioning/") : new Uri(o.SettingServer);
        return new ProvisioningSite(service, settingServer, o.HttpUser ?? string.Empty, o.HttpPassword ?? string.Empty, o.SettingsRefresh, snom.Value.Language, o.Mode);
    }

    /// <summary>
    /// The site for files this service serves, to a phone or an admin asking over HTTP: links from
    /// <c>Snom:PublicBaseUrl</c>, else the address they used, and each phone's own login. Files written for another
    /// web server (<see cref="Site(string?)"/>) carry the shared login, the only one such a server knows.
    /// </summary>
    public ProvisioningSite Site(HttpRequest request) => Site(PhoneContext.AddressOf(request))! with { PhoneLogins = Logins };

    public string Render(ProvisionedPhone phone, ProvisioningSite site) => templates.Render(phone, site);

    /// <summary>Writes each phone's file and one (empty) file per model into <paramref name="folder"/>; answers the number of phone files.</summary>
    /// <param name="progress">Told how many phone files are written so far.</param>
    public async Task<int> WriteAsync(
        string folder, IReadOnlyList<ProvisionedPhone> phones, ProvisioningSite site, CancellationToken cancellationToken, IProgress<int>? progress = null)
    {
        Directory.CreateDirectory(folder);
        var written = 0;
        foreach (var phone in phones)
        {
            await WriteFileAsync(folder, FileName(phone), Render(phone, site), cancellationToken).ConfigureAwait(false);
            progress?.Report(++written);
        }

        foreach (var model in phones.Select(p => p.Model).Distinct())
        {
            await WriteFileAsync(folder, ModelFileName(model), EmptySettings, cancellationToken).ConfigureAwait(false);
        }

        return phones.Count;
    }

    /// <summary>Keeps <c>Provisioning:OutputPath</c>, when set, in step after phones were saved or removed.</summary>
    public async Task SyncOutputAsync(IReadOnlyList<ProvisionedPhone> saved, IReadOnlyList<ProvisionedPhone> removed, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.OutputPath))
        {
            return;
        }

        var folder = Path.GetFullPath(options.Value.OutputPath, environment.ContentRootPath);
        foreach (var phone in removed)
        {
            File.Delete(Path.Combine(folder, FileName(phone)));
        }

        if (saved.Count > 0 && Site() is { } site)
        {
            await WriteAsync(folder, saved, site, cancellationToken).ConfigureAwait(false);
        }

        Log.ProvisioningOutputUpdated(logger, saved.Count, removed.Count, folder);
    }

    // Written beside the target and renamed over it, so a web server never serves half a file.
    private static async Task WriteFileAsync(string folder, string name, string content, CancellationToken cancellationToken)
    {
        var target = Path.Combine(folder, name);
        var temporary = target + ".tmp";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, target, overwrite: true);
    }
}
