using SnomPresence.Presence;

namespace SnomPresence.Web.AdminUi;

/// <summary>Everything the admin pages say, in German and English.</summary>
internal sealed record AdminUiTexts(
    string Title,
    string SignInTitle,
    string KeyLabel,
    string SignIn,
    string SignOut,
    string WrongKey,
    string KeyNotSet,
    string Search,
    string AllStatuses,
    string Extension,
    string Status,
    string Internal,
    string External,
    string Until,
    string Queue,
    string LastChange,
    string Set,
    string NoEnd,
    string InQueue,
    string Live,
    string Offline)
{
    private static readonly AdminUiTexts German = new(
        "Präsenz", "Anmelden", "Admin-Schlüssel", "Anmelden", "Abmelden", "Der Schlüssel ist falsch.",
        "Admin:ApiKey ist nicht gesetzt; ohne Schlüssel bleibt die Verwaltung geschlossen.",
        "Suche (Nebenstelle, Status …)", "Alle Status", "Nebenstelle", "Status", "Intern", "Extern", "Bis", "Warteschlange",
        "Letzte Änderung", "Setzen", "unbefristet", "angemeldet", "live", "getrennt – verbinde neu …");

    private static readonly AdminUiTexts English = new(
        "Presence", "Sign in", "Admin key", "Sign in", "Sign out", "The key is wrong.",
        "Admin:ApiKey is not set; without a key the admin pages stay closed.",
        "Search (extension, status …)", "All statuses", "Extension", "Status", "Internal", "External", "Until", "Queue",
        "Last change", "Set", "no end", "logged in", "live", "disconnected – reconnecting …");

    public static AdminUiTexts For(Language language) => language == Language.En ? English : German;

    /// <summary><c>lang</c> in the query (de, en), else the browser's first language, else German.</summary>
    public static Language LanguageOf(HttpRequest request)
    {
        if (Phone.PhoneContext.ParseLanguage(request.Query["lang"]) is { } asked)
        {
            return asked;
        }

        var accepted = request.Headers.AcceptLanguage.ToString();
        return accepted.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Language.En : Language.De;
    }
}
