using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone;

/// <summary>
/// What a phone page needs to know about the phone asking: the language to speak (<c>lang</c> in the query, else
/// <c>Snom:Language</c>) and the absolute links back to this service, which carry the language, the phone's MAC
/// and its token on.
/// </summary>
internal sealed class PhoneContext
{
    public const string Exit = "snom://mb_exit";

    /// <summary>Stays on the page; with a fragment such as <c>#numberdial=201</c> the phone does that.</summary>
    public const string NoOp = "snom://mb_nop";

    private readonly string _base;
    private readonly string? _langParameter;
    private readonly string _access;
    private readonly HttpContext? _http;

    private PhoneContext(string baseUrl, Language language, bool languageFromRequest, string access, HttpContext? http)
    {
        _base = baseUrl.TrimEnd('/');
        Language = language;
        _langParameter = languageFromRequest ? EnumIds.Id(language) : null;
        _access = access;
        _http = http;
    }

    /// <summary>
    /// The phone asking, as the phone filter found it. Read when a page is built, after the filter ran; a context
    /// made outside a phone request (the admin preview) has none, and its pages fit any model.
    /// </summary>
    public PhoneDevice Device => _http is null ? PhoneDevice.Unknown : PhoneDevice.Of(_http);

    /// <summary>
    /// The same phone speaking the extension's own language when the phone did not ask for one: the phone's
    /// <c>lang</c> wins, then the extension's setting, then <c>Snom:Language</c>.
    /// </summary>
    public PhoneContext For(PresenceState state) =>
        _langParameter is null && state.Language is { } language ? new PhoneContext(_base, language, languageFromRequest: false, _access, _http) : this;

    public Language Language { get; }

    /// <summary>Binds as a handler parameter.</summary>
    public static ValueTask<PhoneContext?> BindAsync(HttpContext context) => ValueTask.FromResult<PhoneContext?>(For(context));

    /// <summary>
    /// Links from <c>Snom:PublicBaseUrl</c> when set, otherwise from the address the phone used. The language
    /// comes from <c>lang</c>: de/en, or the phone's own <c>$language</c> value such as Deutsch or English.
    /// </summary>
    public static PhoneContext For(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SnomOptions>>().Value;
        var request = context.Request;
        var baseUrl = string.IsNullOrEmpty(options.PublicBaseUrl)
            ? AddressOf(request)
            : options.PublicBaseUrl;
        var requested = ParseLanguage(request.Query["lang"]);
        return new PhoneContext(baseUrl, requested ?? options.Language, requested is not null, Access(request.Query["mac"], request.Query["token"]), context);
    }

    /// <summary>The service's address as the caller used it.</summary>
    public static string AddressOf(HttpRequest request) =>
        string.Create(CultureInfo.InvariantCulture, $"{request.Scheme}://{request.Host}{request.PathBase}");

    /// <summary>The <c>mac</c> and <c>token</c> parameters every link carries, so each page the phone opens next is let through too.</summary>
    public static string Access(string? mac, string? token)
    {
        if (!MacAddress.TryParse(mac, out var address))
        {
            return string.Empty;
        }

        return string.IsNullOrEmpty(token) ? $"&mac={address}" : $"&mac={address}&token={Uri.EscapeDataString(token)}";
    }

    public static Language? ParseLanguage(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "DE" or "DEUTSCH" or "GERMAN" => Language.De,
        "EN" or "ENGLISH" or "ENGLISCH" => Language.En,
        _ => null,
    };

    public string Status(Extension ext) => Link("/snom/status", ext);

    public string Menu(Extension ext) => Link("/snom/menu", ext);

    public string Identities(Extension ext) => Link("/snom/identities", ext);

    public string Set(Extension ext, PresenceStatus status, string? duration = null) =>
        Link("/snom/set", ext, ("status", EnumIds.Id(status)), ("duration", duration));

    public string Queue(Extension ext, bool logIn) => Link("/snom/queue", ext, ("login", logIn ? "1" : "0"));

    public string ShortTerm(Extension ext, PresenceStatus? status = null) =>
        Link("/snom/short", ext, ("status", status is { } s ? EnumIds.Id(s) : null));

    public string ShortTermInput(Extension ext, PresenceStatus status) => Link("/snom/short/input", ext, ("status", EnumIds.Id(status)));

    public string Forwarding(Extension ext, PresenceStatus? status = null) =>
        Link("/snom/forwarding", ext, ("status", status is { } s ? EnumIds.Id(s) : null));

    public string ForwardingTarget(Extension ext, PresenceStatus status, ForwardingSlot slot) =>
        Link("/snom/forwarding/target", ext, ("status", EnumIds.Id(status)), ("slot", EnumIds.Id(slot)));

    public string ForwardingInput(Extension ext, PresenceStatus status, ForwardingSlot slot, ForwardingKind kind) =>
        Link("/snom/forwarding/input", ext, ("status", EnumIds.Id(status)), ("slot", EnumIds.Id(slot)), ("kind", EnumIds.Id(kind)));

    public string ForwardingSet(Extension ext, PresenceStatus status, ForwardingSlot slot, ForwardingKind kind) =>
        Link("/snom/forwarding/set", ext, ("status", EnumIds.Id(status)), ("slot", EnumIds.Id(slot)), ("kind", EnumIds.Id(kind)));

    public string Colleagues(Extension ext) => Link("/snom/colleagues", ext);

    /// <param name="group">A group's id, or null for everyone.</param>
    /// <param name="search">What was searched for, or an input token.</param>
    public string ColleagueList(Extension ext, string? group, int page = 1, string? search = null, string path = "/snom/colleagues/list") =>
        Link(path, ext, ("group", group), ("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null), ("q", search));

    public string ColleaguePick(Extension ext, string? group, int page, string? search) => ColleagueList(ext, group, page, search, "/snom/colleagues/pick");

    public string ColleagueSearch(Extension ext, string? group) => Link("/snom/colleagues/search", ext, ("group", group));

    public string Colleague(Extension ext, Extension colleague, string? group) => Link("/snom/colleagues/detail", ext, ("colleague", colleague.Value), ("group", group));

    public string Favourite(Extension ext, Extension colleague, string? group, bool on) =>
        Link("/snom/colleagues/favourite", ext, ("colleague", colleague.Value), ("group", group), ("on", on ? "1" : "0"));

    /// <summary>
    /// The link an input page sends what was typed to: <paramref name="token"/> stands for the typed number. The
    /// phone puts it in unencoded, so a typed <c>#</c> starts the URL's fragment and cuts off everything after it;
    /// <see cref="TypedMarker"/> before and <see cref="TypedEnd"/> after the number show whether that happened.
    /// </summary>
    public string ForwardingTyped(Extension ext, PresenceStatus status, ForwardingSlot slot, ForwardingKind kind, string token) =>
        Link("/snom/forwarding/set", ext, ("status", EnumIds.Id(status)), ("slot", EnumIds.Id(slot)), ("kind", EnumIds.Id(kind)), (TypedMarker, "1"), ("number", token), (TypedEnd, "1"));

    public const string TypedMarker = "typed";

    public const string TypedEnd = "end";

    private string Link(string path, Extension ext, params (string Name, string? Value)[] parameters)
    {
        var url = new StringBuilder(_base).Append(path).Append("?ext=").Append(ext.Value).Append(_access);
        foreach (var (name, value) in parameters.Append(("lang", _langParameter)))
        {
            if (value is not null)
            {
                // Input tokens (__X__) stay literal so the phone can find and replace them.
                url.Append('&').Append(name).Append('=').Append(value.StartsWith("__", StringComparison.Ordinal) ? value : Uri.EscapeDataString(value));
            }
        }

        return url.ToString();
    }
}
