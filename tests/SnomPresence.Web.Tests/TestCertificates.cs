using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SnomPresence.Web.Tests;

/// <summary>Self-signed certificates made on the spot, and the files an admin would configure for them.</summary>
public static class TestCertificates
{
    public const string Password = "pfx-password-0123";

    /// <summary>A server certificate for localhost and 127.0.0.1, valid from yesterday for a year, with its private key.</summary>
    public static X509Certificate2 SelfSigned(string subject = "CN=localhost")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        // Kestrel needs the key in a form it can use on every platform: through a PFX round trip.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>The certificate with its key as a PFX protected by <see cref="Password"/>.</summary>
    public static string WritePfx(X509Certificate2 certificate, string folder)
    {
        var path = Path.Combine(folder, "server.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    /// <summary>The certificate and its key as PEM files; the key encrypted with <see cref="Password"/> when asked.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string folder, bool encryptKey = false)
    {
        using var key = certificate.GetRSAPrivateKey()!;
        var (certificatePath, keyPath) = (Path.Combine(folder, "server.crt"), Path.Combine(folder, "server.key"));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, encryptKey
            ? key.ExportEncryptedPkcs8PrivateKeyPem(Password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000))
            : key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
