using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Phone;

/// <summary>Why a phone request was refused; logged, never shown in detail to the caller.</summary>
internal enum PhoneAccessDenial
{
    MissingToken,
    MissingMac,
    UnknownPhone,
    WrongToken,
    ExtensionNotOnPhone,
}

/// <summary>A phone let in by its token; in lab mode (no tokens) any caller, with no phone.</summary>
internal sealed class PhoneIdentity : ClaimsIdentity
{
    private PhoneIdentity(ProvisionedPhone? phone)
        : base(phone is null ? [] : [new Claim(ClaimTypes.NameIdentifier, phone.Mac.Value)], PhoneTokenHandler.SchemeName) => Phone = phone;

    /// <summary>Null in lab mode, where requests name their phone and extension unchecked.</summary>
    public ProvisionedPhone? Phone { get; }

    public static ClaimsPrincipal Lab { get; } = new(new PhoneIdentity(null));

    /// <summary>
    /// A principal per request, not one kept per phone: kept, they held about 45 MB for 100,000 phones
    /// (docs/benchmarks.md), while making one costs a few hundred bytes that die young.
    /// </summary>
    public static ClaimsPrincipal For(ProvisionedPhone phone) => new(new PhoneIdentity(phone));
}

/// <summary>
/// Lets a phone in only from the inventory with its current token (or its previous one during the grace period
/// after a rotation), compared in constant time, before anything reads the store, and only for the extensions it is
/// provisioned with. <c>Phones:RequireToken=false</c> lets everyone in. The extension is checked here rather than
/// by an authorization requirement: the phone is at hand, and a second pass over the policy cost every phone
/// request more than the check itself (docs/benchmarks.md).
/// </summary>
internal sealed class PhoneTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    IPhoneInventory inventory,
    IOptions<PhonesOptions> phones,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggers, encoder)
{
    public const string SchemeName = "PhoneToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!phones.Value.RequireToken)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(PhoneIdentity.Lab, SchemeName));
        }

        var query = Request.Query;
        string? token = query["token"];
        ProvisionedPhone? phone = null;
        var denial = string.IsNullOrEmpty(token) ? PhoneAccessDenial.MissingToken
            : !MacAddress.TryParse(query["mac"], out var mac) ? PhoneAccessDenial.MissingMac
            : (phone = await inventory.GetAsync(mac, Context.RequestAborted).ConfigureAwait(false)) is null ? PhoneAccessDenial.UnknownPhone
            : !phone.Token.Accepts(token, time.GetUtcNow()) ? PhoneAccessDenial.WrongToken
            : !MayUse(phone, query["ext"]) ? PhoneAccessDenial.ExtensionNotOnPhone
            : (PhoneAccessDenial?)null;
        if (denial is { } refused)
        {
            return Deny(refused);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(PhoneIdentity.For(phone!), SchemeName));
    }

    /// <summary>A malformed extension is the request's own problem: its screen says so once the phone is let in.</summary>
    private static bool MayUse(ProvisionedPhone phone, string? ext) => !Extension.TryParse(ext, out var extension) || phone.Serves(extension);

    /// <summary>Logs the refusal with the phone's MAC and extension as sent (never the token) and notes it for the answer.</summary>
    private AuthenticateResult Deny(PhoneAccessDenial denial)
    {
        var query = Request.Query;
        Log.PhoneAccessDenied(Logger, denial, DisplayText.Shorten(query["ext"].ToString(), 20), MacAddress.TryParse(query["mac"], out var mac) ? mac.Value : null);
        Refusals.Stash(Context, new Refusal(RefusalReason.Unauthenticated, StatusCodes.Status403Forbidden, denial.ToString()));
        return AuthenticateResult.Fail(denial.ToString());
    }
}
