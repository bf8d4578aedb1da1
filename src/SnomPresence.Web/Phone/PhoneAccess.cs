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

    /// <summary>The inventory entry of the phone the request names with <c>mac</c>, if any.</summary>
    public async ValueTask<ProvisionedPhone?> FindAsync(PhoneRequest request, CancellationToken cancellationToken) =>
        MacAddress.TryParse(request.Mac, out var mac) ? await inventory.GetAsync(mac, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>Null when the request may go on, otherwise why not.</summary>
    /// <param name="phone">The phone the request names, from <see cref="FindAsync"/>.</param>
    public PhoneAccessDenial? Check(PhoneRequest request, string? token, ProvisionedPhone? phone)
    {
        if (!Required)
        {
            return null;
        }

        if (string.IsNullOrEmpty(token))
        {
            return PhoneAccessDenial.MissingToken;
        }

        if (!MacAddress.TryParse(request.Mac, out _))
        {
            return PhoneAccessDenial.MissingMac;
        }

        return phone is null ? PhoneAccessDenial.UnknownPhone
            : !phone.Token.Accepts(token, time.GetUtcNow()) ? PhoneAccessDenial.WrongToken
            : !phone.Serves(request.Extension) ? PhoneAccessDenial.ExtensionNotOnPhone
            : null;
    }
}
