using SnomPresence.Presence;
using SnomPresence.Provisioning;

namespace SnomPresence.Web.Phone;

/// <summary>
/// The phone behind a request, as far as the service can tell: its inventory entry (from <c>mac</c>), its model
/// (from the User-Agent a Snom phone sends, else the inventory) with what that model can do, and its firmware (from
/// the User-Agent only). Pages use it for the Status key's LED, the characters the display can show and whether
/// input pages work; a request from an unknown phone gets pages that work on any model.
/// </summary>
internal sealed record PhoneDevice(ProvisionedPhone? Phone, SnomModelInfo? Model, SnomFirmware? Firmware, int? StatusKeyLed)
{
    private const string ItemKey = "SnomPresence.PhoneDevice";

    public static readonly PhoneDevice Unknown = new(null, null, null, null);

    /// <summary>Monochrome D1xx/D3xx fonts lack typographic characters; an unknown model is treated as colour, as before.</summary>
    public bool AsciiOnly => Model is { Colour: false };

    /// <summary>
    /// A display too narrow for "name · status until": a model whose display is under 320 pixels wide or not in the
    /// model table's sizes (D1xx, most D3xx). An unknown phone gets the long form.
    /// </summary>
    public bool NarrowDisplay => Model is { } model && model.Display is not { Width: >= 320 };

    /// <summary>Input pages work unless the model is known to need a firmware the phone is not known to have.</summary>
    public bool ShowsInput => Model is not { } model || model.ShowsInput(Firmware);

    public static PhoneDevice Of(ProvisionedPhone? phone, string? userAgent, PhoneTemplates templates)
    {
        var fromAgent = SnomModels.TryParseUserAgent(userAgent, out var agentModel, out var firmware);
        PhoneModel? model = fromAgent ? agentModel : phone?.Model;
        if (model is not { } known)
        {
            return phone is null ? Unknown : new PhoneDevice(phone, null, null, null);
        }

        var info = SnomModels.For(known);
        var led = templates.StatusKeyIndex(known) is { } key ? info.LedOfKey(key) : null;
        return new PhoneDevice(phone, info, firmware, led);
    }

    public static void Remember(HttpContext context, PhoneDevice device) => context.Items[ItemKey] = device;

    /// <summary>The device the phone filter found for this request; <see cref="Unknown"/> before it ran or outside phone routes.</summary>
    public static PhoneDevice Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var device) && device is PhoneDevice found ? found : Unknown;
}
