using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Provisioning;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Provisioning;

/// <summary>
/// A provisioning login: a phone's own (user = its MAC, password derived from <c>Provisioning:LoginSecret</c>) or
/// the shared enrollment login (<c>Provisioning:HttpUser</c>, <see cref="Phone"/> null).
/// </summary>
internal sealed class ProvisioningIdentity(MacAddress? phone) : ClaimsIdentity(
    [new Claim(ClaimTypes.Name, phone?.Value ?? "enrollment")], ProvisioningLoginHandler.SchemeName)
{
    public MacAddress? Phone { get; } = phone;
}

/// <summary>
/// HTTP Basic as phones send it when fetching settings (from <c>http_client_user</c>/<c>http_client_pass</c>), compared
/// in constant time. Wrong logins spend the address's <c>RateLimits:ProvisioningLogin</c> budget. Without a login
/// configured nothing is served: the files carry the phones' secrets.
/// </summary>
internal sealed class ProvisioningLoginHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    IOptions<ProvisioningOptions> options,
    PhoneProvisioning provisioning,
    LoginAttempts attempts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggers, encoder)
{
    public const string SchemeName = "ProvisioningLogin";

    private static readonly ClaimsPrincipal Enrollment = new(new ProvisioningIdentity(null));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!provisioning.Serving || provisioning.Logins is not { } logins)
        {
            return Task.FromResult(Refuse(new Refusal(RefusalReason.NotFound, StatusCodes.Status404NotFound, "provisioning credentials are not configured")));
        }

        if (attempts.Exhausted(Context, RequestFamily.Provisioning) is { } retryAfter)
        {
            return Task.FromResult(Refuse(new Refusal(RefusalReason.TooManyRequests, StatusCodes.Status429TooManyRequests, "too many wrong logins from this address")
            {
                RetryAfter = retryAfter,
            }));
        }

        var (user, password) = Basic(Request.Headers.Authorization.ToString());
        if (user is not null && MacAddress.TryParse(user, out var mac) && user == ProvisioningLogins.User(mac) && logins.Matches(mac, password!))
        {
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ProvisioningIdentity(mac)), SchemeName)));
        }

        if (user is not null && Shared(user, password!, options.Value))
        {
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Enrollment, SchemeName)));
        }

        attempts.Failed(Context, RequestFamily.Provisioning);
        return Task.FromResult(Refuse(new Refusal(RefusalReason.Unauthenticated, StatusCodes.Status401Unauthorized, "missing or wrong credentials")));
    }

    private AuthenticateResult Refuse(Refusal refusal)
    {
        Log.ProvisioningRefused(Logger, ProvisioningFile.Shown(Request), refusal.Detail);
        Refusals.Stash(Context, refusal);
        return AuthenticateResult.Fail(refusal.Detail);
    }

    private static (string? User, string? Password) Basic(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private static bool Shared(string user, string password, ProvisioningOptions options) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{user}:{password}")),
            System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{options.HttpUser}:{options.HttpPassword}")));
}

/// <summary>
/// A phone's own login fetches its own file only (by name, or for the model file by the MAC in its User-Agent). The
/// enrollment login fetches a phone's file only while that phone is enrolling; a User-Agent naming another phone
/// gains nothing. Files that name no phone of the inventory are the endpoint's matter (404 or empty settings).
/// With <c>Provisioning:Mode=Include</c> the PBX stays the phone's settings server and keeps
/// <c>http_client_user</c>, so a phone never gets a login of its own: the shared one, written into the PBX's
/// template, fetches the included files for good.
/// </summary>
internal sealed class ProvisioningFileRequirement : IAuthorizationRequirement;

internal sealed class ProvisioningFileHandler(
    IPhoneInventory inventory, IOptions<ProvisioningOptions> options, TimeProvider time, ILogger<ProvisioningFileHandler> logger)
    : AuthorizationHandler<ProvisioningFileRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ProvisioningFileRequirement requirement)
    {
        if (context.User.Identity is not ProvisioningIdentity identity || context.Resource is not HttpContext http)
        {
            return;
        }

        if (!ProvisioningFile.TryParse(http, out var file) || file.Mac is not { } mac)
        {
            context.Succeed(requirement);
            return;
        }

        string? refused;
        if (identity.Phone is { } own)
        {
            refused = own == mac ? null : $"the login of phone {own} asked for phone {mac}'s settings";
        }
        else if (options.Value.Mode == ProvisioningMode.Include)
        {
            refused = null;
        }
        else
        {
            var phone = await inventory.GetAsync(mac, http.RequestAborted).ConfigureAwait(false);
            refused = phone is null || phone.Enrolling(time.GetUtcNow()) ? null
                : $"the enrollment login asked for phone {mac}'s settings, whose enrollment is over (it has its own login; rotate its token to enroll it again)";
        }

        if (refused is null)
        {
            context.Succeed(requirement);
            return;
        }

        Log.ProvisioningRefused(logger, ProvisioningFile.Shown(http.Request), refused);
        Refusals.Stash(http, new Refusal(RefusalReason.Forbidden, StatusCodes.Status403Forbidden, refused));
        context.Fail();
    }
}

/// <summary>
/// The settings file a phone asks for when its setting server has no file name: <c>snom&lt;MODEL&gt;.htm</c>, then
/// <c>snom&lt;MODEL&gt;-&lt;MAC&gt;.htm</c>. The model file carries no MAC; the User-Agent does
/// ("snomD785-SIP 10.1.33.33 … 000413922D24 …").
/// </summary>
/// <param name="MacFromName">Whether the MAC is the file's own, not the User-Agent's.</param>
internal sealed partial record ProvisioningFile(PhoneModel Model, MacAddress? Mac, bool MacFromName)
{
    public static bool TryParse(HttpContext context, out ProvisioningFile file)
    {
        file = null!;
        var match = FileName().Match(context.GetRouteValue("file") as string ?? string.Empty);
        if (!match.Success || !PhoneModel.TryParse(match.Groups["model"].Value, out var model))
        {
            return false;
        }

        var fromName = match.Groups["mac"].Success;
        var macText = fromName ? match.Groups["mac"].Value : UserAgentMac().Match(context.Request.Headers.UserAgent.ToString()).Value;
        file = new ProvisioningFile(model, MacAddress.TryParse(macText, out var mac) ? mac : null, fromName);
        return true;
    }

    /// <summary>The requested path as a log line may quote it.</summary>
    public static string Shown(HttpRequest request) => DisplayText.Shorten(request.Path.Value ?? string.Empty, 60);

    [GeneratedRegex(@"^snom(?<model>[A-Za-z0-9]{2,8}?)(?:-(?<mac>[0-9A-Fa-f]{12}))?\.htm$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    [GeneratedRegex(@"(?<![0-9A-Fa-f])[0-9A-Fa-f]{12}(?![0-9A-Fa-f])", RegexOptions.CultureInvariant)]
    private static partial Regex UserAgentMac();
}
