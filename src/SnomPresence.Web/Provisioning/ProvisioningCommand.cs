using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Stores;
using SnomPresence.Web.Hosting;

namespace SnomPresence.Web.Provisioning;

/// <summary>
/// <c>provision check</c> validates configuration, templates and inventory without writing anything;
/// <c>provision render [--out DIR]</c> writes every phone's settings file into DIR for static hosting. Both use the
/// service's own configuration and store, so they see exactly what the running service would serve.
/// </summary>
internal static class ProvisioningCommand
{
    public const string Name = "provision";
    public const string DefaultFolder = "provisioning";

    private const string Usage =
        """
        Usage:
          provision check               check configuration, templates and inventory; writes nothing
          provision render [--out DIR]  write every phone's settings file into DIR
                                        (default: Provisioning:OutputPath, else ./provisioning)
        Exit codes: 0 fine, 1 problems found, 2 usage or configuration error.
        """;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        var command = args.ElementAtOrDefault(1);
        var outIndex = Array.IndexOf(args, "--out");
        if (command is not ("check" or "render") || (outIndex > 0 && outIndex + 1 >= args.Length) || (outIndex > 0 && command != "render"))
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        await using var app = CommandHost.Build(builder);
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        if (!await CommandHost.ConfigurationValidAsync(app).ConfigureAwait(false))
        {
            return 2;
        }

        try
        {
            await app.Services.MigrateStoreAsync(cancellation.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        var provisioning = app.Services.GetRequiredService<PhoneProvisioning>();
        var phones = await app.Services.GetRequiredService<IPhoneInventory>().ListAsync(cancellation.Token).ConfigureAwait(false);
        var templates = provisioning.Templates;
        Console.WriteLine($"Templates: {string.Join(", ", templates.Names.Order(StringComparer.Ordinal))} from {templates.Folder}");
        Console.WriteLine($"Inventory: {phones.Count} phone(s)");

        if (provisioning.Site() is not { } site)
        {
            await Console.Error.WriteLineAsync("Configuration error: Snom:PublicBaseUrl must be set; the settings files point phones at it.").ConfigureAwait(false);
            return 2;
        }

        var problems = 0;
        foreach (var phone in phones.Where(p => !templates.Serves(p.Model)))
        {
            await Console.Error.WriteLineAsync($"Phone {phone.Mac}: no template serves model {phone.Model}.").ConfigureAwait(false);
            problems++;
        }

        if (problems > 0)
        {
            return 1;
        }

        if (command == "check")
        {
            foreach (var phone in phones)
            {
                provisioning.Render(phone, site);
            }

            Console.WriteLine($"All {phones.Count} phone(s) render; settings point at {site.ServiceUrl}, setting server {site.SettingServer}.");
            return 0;
        }

        var configured = app.Services.GetRequiredService<IOptions<ProvisioningOptions>>().Value.OutputPath;
        var folder = outIndex > 0 ? Path.GetFullPath(args[outIndex + 1])
            : !string.IsNullOrEmpty(configured) ? Path.GetFullPath(configured, app.Environment.ContentRootPath)
            : Path.GetFullPath(DefaultFolder);
        var written = await provisioning.WriteAsync(folder, phones, site, cancellation.Token).ConfigureAwait(false);
        Console.WriteLine($"Wrote {written} phone file(s) and {phones.Select(p => p.Model).Distinct().Count()} model file(s) to {folder}.");
        Console.WriteLine("They carry the phones' tokens and web passwords: serve them over HTTPS and only with a login.");
        return 0;
    }
}
