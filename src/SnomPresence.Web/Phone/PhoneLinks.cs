using System.Globalization;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone;

/// <summary>Absolute URLs back to this service, as the phone must follow them.</summary>
internal sealed class PhoneLinks
{
    public const string Exit = "snom://mb_exit";

    private readonly string _base;

    private PhoneLinks(string baseUrl) => _base = baseUrl.TrimEnd('/');

    /// <summary>Binds as a handler parameter, so handlers get links without knowing where they come from.</summary>
    public static ValueTask<PhoneLinks?> BindAsync(HttpContext context) => ValueTask.FromResult<PhoneLinks?>(For(context));

    /// <summary>From <c>Snom:PublicBaseUrl</c> when set, otherwise from the address the phone used for this request.</summary>
    public static PhoneLinks For(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IOptions<SnomOptions>>().Value.PublicBaseUrl;
        var request = context.Request;
        return new PhoneLinks(string.IsNullOrEmpty(configured)
            ? string.Create(CultureInfo.InvariantCulture, $"{request.Scheme}://{request.Host}{request.PathBase}")
            : configured);
    }

    public string Status(Extension ext) => $"{_base}/snom/status?ext={ext.Value}";

    public string Menu(Extension ext) => $"{_base}/snom/menu?ext={ext.Value}";

    public string Set(Extension ext, PresenceStatus status) => $"{_base}/snom/set?ext={ext.Value}&status={EnumIds.Id(status)}";
}
