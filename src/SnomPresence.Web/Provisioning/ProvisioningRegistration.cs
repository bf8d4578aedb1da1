using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SnomPresence.Provisioning;
using SnomPresence.Web.Phone;

namespace SnomPresence.Web.Provisioning;

internal static class ProvisioningRegistration
{
    /// <summary>The inventory's editor, the templates (checked at start-up) and what renders and serves phones' settings.</summary>
    public static IHostApplicationBuilder AddProvisioning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<ProvisioningOptions, ProvisioningOptionsValidator>()
            .BindConfiguration(ProvisioningOptions.SectionName);
        builder.Services.TryAddSingleton(sp => PhoneTemplates.Load(ProvisioningOptionsValidator.TemplatesFolder(
            sp.GetRequiredService<IOptions<ProvisioningOptions>>().Value, sp.GetRequiredService<IHostEnvironment>())));
        builder.Services.TryAddSingleton<PhoneProvisioning>();
        builder.Services.TryAddSingleton<InventoryEditor>();
        builder.Services.AddHostedService<ProvisioningStartupCheck>();
        return builder;
    }

    public static IEndpointRouteBuilder MapProvisioning(this IEndpointRouteBuilder app)
    {
        app.MapProvisioningFiles();
        return app;
    }
}

/// <summary>Says at start-up what is loaded, and loudly what is switched off.</summary>
internal sealed class ProvisioningStartupCheck(
    PhoneProvisioning provisioning, IOptions<PhonesOptions> phones, ILogger<ProvisioningStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var templates = provisioning.Templates;
        Log.TemplatesLoaded(logger, templates.Folder, string.Join(", ", templates.Names.Order(StringComparer.Ordinal)));
        if (!provisioning.Serving)
        {
            Log.ProvisioningNotServed(logger);
        }

        if (!phones.Value.RequireToken)
        {
            Log.PhoneTokensNotRequired(logger);
        }

        if (phones.Value.Push is { Enabled: true, Scheme: "https", AcceptAnyCertificate: true })
        {
            Log.PushCertificatesUnchecked(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
