using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Provisioning;

/// <summary>
/// HTTP Basic as phones send it when fetching settings (from <c>http_client_user</c>/<c>http_client_pass</c> or
/// the setting URL), compared in constant time. Without a login configured nothing is served: the files carry the
/// phones' secrets.
/// </summary>
internal sealed class ProvisioningLoginHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    IOptions<ProvisioningOptions> options,
    PhoneProvisioning provisioning)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggers, encoder)
{
    public const string SchemeName = "ProvisioningLogin";

    private static readonly ClaimsPrincipal Provisioner = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "provisioning")], SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!provisioning.Serving)
        {
            return Task.FromResult(Refuse(RefusalReason.NotFound, StatusCodes.Status404NotFound, "provisioning credentials are not configured"));
        }

        return Task.FromResult(Matches(Request.Headers.Authorization.ToString(), options.Value)
            ? AuthenticateResult.Success(new AuthenticationTicket(Provisioner, SchemeName))
            : Refuse(RefusalReason.Unauthenticated, StatusCodes.Status401Unauthorized, "missing or wrong credentials"));
    }

    private AuthenticateResult Refuse(RefusalReason reason, int status, string problem)
    {
        var file = Request.Path.Value ?? string.Empty;
        Log.ProvisioningRefused(Logger, file.Length > 60 ? file[..60] : file, problem);
        Refusals.Stash(Context, new Refusal(reason, status, problem));
        return AuthenticateResult.Fail(problem);
    }

    private static bool Matches(string header, ProvisioningOptions options)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] sent;
        try
        {
            sent = Convert.FromBase64String(header[6..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        // Hashes make the comparison constant-time whatever the lengths.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes($"{options.HttpUser}:{options.HttpPassword}"));
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(sent), expected);
    }
}
