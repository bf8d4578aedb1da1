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
    string TooManyAttempts,
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
    string Offline,
    string Phones,
    string Close,
    string Display,
    string StatusScreen,
    string MenuScreen,
    string Forwarding,
    string Slot,
    string Target,
    string Number,
    string History,
    string When,
    string What,
    string Who,
    string From,
    string Details,
    string AddOrEditPhone,
    string Model,
    string Extensions,
    string DisplayName,
    string LanguageLabel,
    string WebUser,
    string WebPassword,
    string Save,
    string CsvImport,
    string DryRun,
    string Import,
    string Export,
    string ProvisioningFile,
    string Edit,
    string NewToken,
    string Created,
    string Updated,
    string Line,
    string Field,
    string Reason,
    string ImportDone,
    string DryRunDone,
    string TokenShownOnce,
    string PbxParked,
    string ApiReference)
{
    private static readonly AdminUiTexts German = new(
        "Präsenz", "Anmelden", "Admin-Schlüssel", "Anmelden", "Abmelden", "Der Schlüssel ist falsch.",
        "Admin:ApiKey ist nicht gesetzt; ohne Schlüssel bleibt die Verwaltung geschlossen.",
        "Zu viele Anmeldeversuche von dieser Adresse. Bitte in {0} Minuten erneut versuchen.",
        "Suche (Nebenstelle, Status …)", "Alle Status", "Nebenstelle", "Status", "Intern", "Extern", "Bis", "Warteschlange",
        "Letzte Änderung", "Setzen", "unbefristet", "angemeldet", "live", "getrennt – verbinde neu …",
        "Telefone", "Schließen", "Display", "Statusanzeige", "Menü", "Umleitung", "Fall", "Ziel", "Rufnummer", "Verlauf",
        "Wann", "Was", "Wer", "Woher", "Details", "Telefon anlegen oder ändern", "Modell", "Nebenstellen", "Anzeigename",
        "Sprache", "Web-Benutzer", "Web-Passwort (leer: unverändert)", "Speichern", "CSV-Import", "Prüfen", "Importieren",
        "Export", "Provisionierungsdatei", "Ändern", "Neues Token", "neu", "geändert", "Zeile", "Spalte", "Grund",
        "Importiert.", "Geprüft: alles in Ordnung, nichts geändert.", "Das Token wird nur jetzt angezeigt:",
        "Von 3CX abgelehnt, wartet auf erneuten Versuch", "API-Referenz");

    private static readonly AdminUiTexts English = new(
        "Presence", "Sign in", "Admin key", "Sign in", "Sign out", "The key is wrong.",
        "Admin:ApiKey is not set; without a key the admin pages stay closed.",
        "Too many sign-in attempts from this address. Please try again in {0} minutes.",
        "Search (extension, status …)", "All statuses", "Extension", "Status", "Internal", "External", "Until", "Queue",
        "Last change", "Set", "no end", "logged in", "live", "disconnected – reconnecting …",
        "Phones", "Close", "Display", "Status screen", "Menu", "Forwarding", "Case", "Target", "Number", "History",
        "When", "What", "Who", "From", "Details", "Add or change a phone", "Model", "Extensions", "Display name",
        "Language", "Web user", "Web password (empty: unchanged)", "Save", "CSV import", "Check", "Import",
        "Export", "Provisioning file", "Edit", "New token", "new", "changed", "Line", "Column", "Reason",
        "Imported.", "Checked: all good, nothing changed.", "The token is shown only now:",
        "Refused by 3CX, waiting for a retry", "API reference");

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
