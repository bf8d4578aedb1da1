using Microsoft.Extensions.Options;
using SnomPresence.Presence;

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

/// <summary>
/// Lets a phone request through only from a phone of the inventory that sends its current token (or its previous
/// one during the grace period after a rotation), and only for an extension on that phone.
/// </summary>
internal sealed class PhoneAccess(IPhoneInventory inventory, IOptions<PhonesOptions> options, TimeProvider time)
{
    public bool Required => options.Value.RequireToken;

    /// <summary>Null when the request may go on, otherwise why not.</summary>
    public async ValueTask<PhoneAccessDenial?> CheckAsync(PhoneRequest request, string? token, CancellationToken cancellationToken)
    {
        if (!Required)
        {
            return null;
        }

        if (string.IsNullOrEmpty(token))
        {
            return PhoneAccessDenial.MissingToken;
        }

        if (!MacAddress.TryParse(request.Mac, out var mac))
        {
            return PhoneAccessDenial.MissingMac;
        }

        var phone = await inventory.GetAsync(mac, cancellationToken).ConfigureAwait(false);
        return phone is null ? PhoneAccessDenial.UnknownPhone
            : !phone.Token.Accepts(token, time.GetUtcNow()) ? PhoneAccessDenial.WrongToken
            : !phone.Serves(request.Extension) ? PhoneAccessDenial.ExtensionNotOnPhone
            : null;
    }
}
