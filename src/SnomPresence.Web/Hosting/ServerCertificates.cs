using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SnomPresence.Web.Hosting;

/// <summary>
/// Checks the certificates Kestrel is configured to serve HTTPS with before it starts, so a wrong path, password or
/// key stops start-up with a message naming the setting instead of a bare file error from inside the server.
/// Kestrel still loads them itself, by its documented rules: a PFX from <c>Path</c> (with <c>Password</c>), or a PEM
/// certificate from <c>Path</c> with its key from <c>KeyPath</c> (encrypted with <c>Password</c>); paths relative
/// to the content root. Certificates from a store (<c>Subject</c>, <c>Store</c>) are left to Kestrel.
/// </summary>
internal static class ServerCertificates
{
    private const string Default = "Kestrel:Certificates:Default";

    public static void Check(IConfiguration configuration, IHostEnvironment environment)
    {
        var errors = new List<string>();
        var hasDefault = CheckCertificate(configuration.GetSection(Default), Default, environment, errors);
        // Without a certificate Kestrel falls back on the development certificate, which only a developer's machine has.
        var needsOne = !hasDefault && !environment.IsDevelopment();
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().ToList();
        foreach (var endpoint in endpoints)
        {
            var key = $"Kestrel:Endpoints:{endpoint.Key}";
            var hasOwn = CheckCertificate(endpoint.GetSection("Certificate"), $"{key}:Certificate", environment, errors);
            if (!hasOwn && needsOne && IsHttps(endpoint["Url"]))
            {
                errors.Add($"{key}:Url '{endpoint["Url"]}' is https, but no certificate is configured: set {key}:Certificate:Path or {Default}:Path ({Hint}).");
            }
        }

        // Kestrel:Endpoints replace urls, and urls replace the ports.
        if (endpoints.Count == 0 && needsOne)
        {
            if (configuration["urls"] is { Length: > 0 } urls)
            {
                if (urls.Split(';').Any(IsHttps))
                {
                    errors.Add($"Urls '{urls}' has an https address, but no certificate is configured: set {Default}:Path ({Hint}).");
                }
            }
            else if (configuration["https_ports"] is { Length: > 0 } ports)
            {
                errors.Add($"HTTPS_PORTS '{ports}' needs a certificate: set {Default}:Path ({Hint}).");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }
    }

    private const string Hint = "a PFX, with :Password if it has one, or a PEM certificate with its key in :KeyPath";

    /// <summary>True when the section names a certificate, from a file or a store; a file one must load with its private key.</summary>
    private static bool CheckCertificate(IConfigurationSection section, string key, IHostEnvironment environment, List<string> errors)
    {
        if (section["Path"] is not { Length: > 0 } path)
        {
            return !string.IsNullOrEmpty(section["Subject"]);
        }

        var file = Path.GetFullPath(path, environment.ContentRootPath);
        var keyFile = section["KeyPath"] is { Length: > 0 } keyPath ? Path.GetFullPath(keyPath, environment.ContentRootPath) : null;
        var password = section["Password"];
        try
        {
            using var certificate = keyFile is null
                ? X509CertificateLoader.LoadPkcs12FromFile(file, password)
                : password is null ? X509Certificate2.CreateFromPemFile(file, keyFile) : X509Certificate2.CreateFromEncryptedPemFile(file, password, keyFile);
            if (!certificate.HasPrivateKey)
            {
                errors.Add($"{key}:Path '{file}' holds no private key ({Hint}).");
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The password is named, never quoted: it is a secret.
            var with = keyFile is null ? "" : $" with {key}:KeyPath '{keyFile}'";
            errors.Add($"{key}:Path '{file}'{with} cannot be read{(password is null ? "" : $" with {key}:Password")} ({Hint}): {ex.Message}");
        }

        return true;
    }

    private static bool IsHttps(string? url) => url?.Trim().StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
}
