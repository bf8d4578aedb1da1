using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace SnomPresence.Web.AdminUi;

/// <summary>The certificate the data-protection keys are encrypted with at rest; read before the services are built.</summary>
public sealed class KeyProtectionOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>A PFX with its private key, the same on every instance; relative to the content root.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Its password; never logged.</summary>
    public string? CertificatePassword { get; set; }
}

/// <summary>
/// Encrypts the data-protection keys (which sign admin session cookies and anti-forgery tokens) at rest with a
/// certificate, wherever the store keeps them: a folder beside the SQLite file, or the shared database. Every
/// instance needs the same certificate with its private key.
/// </summary>
internal static class KeyProtection
{
    private const string PathKey = $"{KeyProtectionOptions.SectionName}:{nameof(KeyProtectionOptions.CertificatePath)}";
    private const string PasswordKey = $"{KeyProtectionOptions.SectionName}:{nameof(KeyProtectionOptions.CertificatePassword)}";

    public static void AddKeyProtection(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(KeyProtectionOptions.SectionName).Get<KeyProtectionOptions>();
        if (options?.CertificatePath is not { Length: > 0 } path)
        {
            return;
        }

        var file = Path.GetFullPath(path, builder.Environment.ContentRootPath);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file, options.CertificatePassword);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The password is not quoted: it is a secret.
            throw new InvalidOperationException($"{PathKey} '{file}' cannot be read as a PFX with {PasswordKey}: {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{PathKey} '{file}' holds no private key; the keys could be encrypted but never read again.");
        }

        builder.Services.AddDataProtection().ProtectKeysWithCertificate(certificate);
    }
}
