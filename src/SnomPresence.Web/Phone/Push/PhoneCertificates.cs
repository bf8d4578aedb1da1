using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SnomPresence.Web.Phone.Push;

/// <summary>
/// Which certificates of phones' web servers pushes over HTTPS trust. Phones ship with self-signed certificates and
/// are reached by IP address, so trust is the installation's choice (<c>Phones:Push:TrustedCertificates</c> or
/// <c>Phones:Push:AcceptAnyCertificate</c>); without either only certificates the system trusts for that address
/// pass, which a phone's own rarely is.
/// </summary>
internal static class PhoneCertificates
{
    public static X509Certificate2Collection Load(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates;
    }

    public static RemoteCertificateValidationCallback? Validation(PushOptions push)
    {
        if (push.AcceptAnyCertificate)
        {
#pragma warning disable CA5359 // The admin's explicit choice for phones' self-signed certificates, warned about at start-up.
            return (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        if (push.TrustedCertificates is not { Length: > 0 } path)
        {
            return null;
        }

        var trusted = Load(path);
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                return false;
            }

            // The configured certificates are the roots; the name is not checked, since phones are reached by address.
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var presented = new X509Certificate2(certificate);
            return chain.Build(presented);
        };
    }
}
