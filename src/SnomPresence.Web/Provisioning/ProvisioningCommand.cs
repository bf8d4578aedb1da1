using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Provisioning;
using SnomPresence.Stores;
using SnomPresence.Web.Hosting;

namespace SnomPresence.Web.Provisioning;

/// <summary>
/// <c>provision check</c> validates configuration, templates and inventory without writing anything;
/// <c>provision render [--out DIR]</c> writes every phone's settings file into DIR for static hosting. Both use the
/// service's own configuration and store, so they see exactly what the running service would serve. With
/// <c>--pbx-file FILE</c> (the PBX's settings for the phones, as a phone downloads it) the check warns about every
/// setting both files would set: which one wins is up to the order the phone reads them. <c>provision import
/// --from FILE [--dry-run]</c> imports the inventory from CSV as <c>POST /api/phones/import</c> does: all rows or none.
/// </summary>
internal static class ProvisioningCommand
{
    public const string Name = "provision";
    public const string DefaultFolder = "provisioning";

    private const string Usage =
        """
        Usage:
          provision check [--pbx-file FILE]
                                        check configuration, templates and inventory; writes nothing.
                                        FILE: the PBX's settings file for the phones; warns about
                                        every setting both it and a phone's file from here would set
          provision render [--out DIR]  write every phone's settings file into DIR
                                        (default: Provisioning:OutputPath, else ./provisioning)
          provision import --from FILE [--dry-run]
                                        import phones from the CSV file FILE (columns as the export);
                                        every row is checked first and nothing changes if one is wrong.
                                        --dry-run: only check
        Exit codes: 0 fine, 1 problems found, 2 usage or configuration error.
        """;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        var command = args.ElementAtOrDefault(1);
        var outIndex = Array.IndexOf(args, "--out");
        var pbxIndex = Array.IndexOf(args, "--pbx-file");
        var fromIndex = Array.IndexOf(args, "--from");
        var dryRun = args.Contains("--dry-run");
        if (command is not ("check" or "render" or "import")
            || (outIndex > 0 && (outIndex + 1 >= args.Length || command != "render"))
            || (pbxIndex > 0 && (pbxIndex + 1 >= args.Length || command != "check"))
            || (command == "import") != (fromIndex > 0) || fromIndex + 1 >= args.Length
            || (dryRun && command != "import"))
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

        if (command == "import")
        {
            return await ImportAsync(app.Services, Path.GetFullPath(args[fromIndex + 1]), dryRun, cancellation.Token).ConfigureAwait(false);
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
            string? pbxFile = null;
            if (pbxIndex > 0)
            {
                var path = Path.GetFullPath(args[pbxIndex + 1]);
                if (!File.Exists(path))
                {
                    await Console.Error.WriteLineAsync($"--pbx-file {path}: no such file.").ConfigureAwait(false);
                    return 2;
                }

                pbxFile = await File.ReadAllTextAsync(path, cancellation.Token).ConfigureAwait(false);
            }

            var warnings = 0;
            foreach (var phone in phones)
            {
                var rendered = provisioning.Render(phone, site);
                try
                {
                    foreach (var overlap in pbxFile is null ? [] : SettingsOverlap.Find(pbxFile, rendered))
                    {
                        Console.WriteLine($"Warning: phone {phone.Mac}: both the PBX's file and this one set {overlap}; which value the phone keeps depends on the order it reads them.");
                        warnings++;
                    }
                }
                catch (System.Xml.XmlException ex)
                {
                    await Console.Error.WriteLineAsync($"--pbx-file: not a settings file: {ex.Message}").ConfigureAwait(false);
                    return 2;
                }
            }

            Console.WriteLine(site.Mode == ProvisioningMode.Include
                ? $"All {phones.Count} phone(s) render for Provisioning:Mode Include; the PBX stays their settings server and lists {site.ServiceUrl}provisioning/snom<MODEL>-{{mac}}.htm."
                : $"All {phones.Count} phone(s) render; settings point at {site.ServiceUrl}, setting server {site.SettingServer}.");
            if (pbxFile is not null)
            {
                Console.WriteLine($"{warnings} setting(s) set by both files.");
            }
            else if (site.Mode == ProvisioningMode.Include)
            {
                Console.WriteLine("Give the PBX's settings file with --pbx-file to find settings both files would set.");
            }

            return 0;
        }

        var configured = app.Services.GetRequiredService<IOptions<ProvisioningOptions>>().Value.OutputPath;
        var folder = outIndex > 0 ? Path.GetFullPath(args[outIndex + 1])
            : !string.IsNullOrEmpty(configured) ? Path.GetFullPath(configured, app.Environment.ContentRootPath)
            : Path.GetFullPath(DefaultFolder);
        int written;
        using (var progress = CommandProgress.OnConsole(app.Services))
        {
            written = await provisioning.WriteAsync(folder, phones, site, cancellation.Token, progress.Start("Phone files written", phones.Count)).ConfigureAwait(false);
        }

        Console.WriteLine($"Wrote {written} phone file(s) and {phones.Select(p => p.Model).Distinct().Count()} model file(s) to {folder}.");
        Console.WriteLine("They carry the phones' tokens and web passwords: serve them over HTTPS and only with a login.");
        return 0;
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string path, bool dryRun, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"{path}: no such file.").ConfigureAwait(false);
            return 2;
        }

        var csv = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        ImportReport report;
        using (var progress = CommandProgress.OnConsole(services))
        {
            report = await services.GetRequiredService<InventoryEditor>()
                .ImportAsync(csv, dryRun, cancellationToken, progress.Start("Rows checked")).ConfigureAwait(false);
        }

        foreach (var error in report.Errors)
        {
            await Console.Error.WriteLineAsync($"Line {error.Line}, {error.Field}: {error.Reason}").ConfigureAwait(false);
        }

        if (report.Errors.Length > 0)
        {
            await Console.Error.WriteLineAsync($"Nothing imported: {report.Errors.Length} problem(s) in {report.Rows} row(s).").ConfigureAwait(false);
            return 1;
        }

        Console.WriteLine(report.Applied
            ? $"Imported {report.Rows} row(s): {report.Created.Length} new phone(s), {report.Updated.Length} changed."
            : $"Checked {report.Rows} row(s): {report.Created.Length} new phone(s), {report.Updated.Length} changed; nothing was changed (--dry-run).");
        return 0;
    }
}
