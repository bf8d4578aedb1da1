using Microsoft.Extensions.Options;
using SnomPresence.Web.Phone.Push;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Phone;

/// <summary>Which phones may use the service, and how it reaches their own web interface to keep their DND and screen current.</summary>
public sealed class PhonesOptions
{
    public const string SectionName = "Phones";

    /// <summary>
    /// Phone routes answer only phones of the inventory that send their token (from their provisioning file).
    /// Off only for a lab: anyone who can reach the service can then change anyone's presence.
    /// </summary>
    public bool RequireToken { get; set; } = true;

    /// <summary>Whether and how status changes made elsewhere (admin, 3CX, timer) reach the phones' own web interface.</summary>
    public PushOptions Push { get; } = new();

    /// <summary>The phones' web user (<c>http_user</c>) where the inventory has none; Basic or Digest, whichever the phone asks for.</summary>
    public string? HttpUser { get; set; }

    /// <summary>The phones' web password (<c>http_pass</c>); never logged.</summary>
    public string? HttpPassword { get; set; }

    /// <summary>How long an action URL a push makes the phone fire is recognised as that echo, not as a key press.</summary>
    public TimeSpan EchoWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The networks phones call from (addresses or CIDRs, IPv4 and IPv6); requests to /snom/* from anywhere else get
    /// 403. Empty lets every address through, and the phone tokens alone decide.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];
}

/// <summary>
/// Pushes go to the address each phone's own requests come from, never to an address a request names: the phone's
/// web password travels with them.
/// </summary>
public sealed class PushOptions
{
    /// <summary>Push status changes made elsewhere to the phones.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>http</c>, or <c>https</c> for phones whose web server serves only HTTPS (<c>webserver_type</c>).</summary>
    public string Scheme { get; set; } = Uri.UriSchemeHttp;

    /// <summary>The phones' web server port; empty for the scheme's own (80 or 443).</summary>
    public int? Port { get; set; }

    /// <summary>
    /// With https: a PEM file of the certificates the phones' web servers are trusted by: the installation's own CA
    /// that issued them, or the phones' self-signed certificates themselves. The phone's address need not be in them.
    /// </summary>
    public string? TrustedCertificates { get; set; }

    /// <summary>
    /// With https: trust any certificate, as phones ship with self-signed ones. The connection is then encrypted
    /// but not authenticated (logged as a warning at start-up); Digest (<c>http_scheme</c> on) keeps the password
    /// itself off the wire even so.
    /// </summary>
    public bool AcceptAnyCertificate { get; set; }

    /// <summary>The port pushes go to.</summary>
    public int EffectivePort => Port ?? (Scheme == Uri.UriSchemeHttps ? 443 : 80);
}

internal sealed class PhonesOptionsValidator(IConfiguration configuration) : IValidateOptions<PhonesOptions>
{
    public ValidateOptionsResult Validate(string? name, PhonesOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.HttpUser) != string.IsNullOrEmpty(options.HttpPassword))
        {
            errors.Add("Phones:HttpUser and Phones:HttpPassword must be set together.");
        }

        if (options.EchoWindow <= TimeSpan.Zero || options.EchoWindow > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Phones:EchoWindow '{options.EchoWindow}' must be between 0 and 00:10:00.");
        }

        if (!NetworkList.TryParse(options.AllowedNetworks, "Phones:AllowedNetworks", out _, out var error))
        {
            errors.Add(error!);
        }

        // Before pushes had settings of their own, Phones:Push was the on/off switch; binding silently ignores it now.
        if (configuration["Phones:Push"] is { Length: > 0 } legacy)
        {
            errors.Add($"Phones:Push '{legacy}' is a section now: set Phones:Push:Enabled instead.");
        }

        if (options.Push.Scheme != Uri.UriSchemeHttp && options.Push.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"Phones:Push:Scheme '{options.Push.Scheme}' must be http or https.");
        }

        if (options.Push.Port is < 1 or > 65535)
        {
            errors.Add($"Phones:Push:Port '{options.Push.Port}' must be between 1 and 65535.");
        }

        if (options.Push.TrustedCertificates is { Length: > 0 } trusted)
        {
            try
            {
                if (PhoneCertificates.Load(trusted).Count == 0)
                {
                    errors.Add($"Phones:Push:TrustedCertificates '{trusted}' holds no PEM certificate.");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                errors.Add($"Phones:Push:TrustedCertificates '{trusted}' cannot be read: {ex.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
