using SnomPresence.Presence;

namespace SnomPresence.Web.Phone;

/// <summary>Everything a phone screen says, per language. Lines stay short: a D3xx shows about 24 characters.</summary>
internal sealed record PhoneTexts
{
    public static readonly PhoneTexts German = new()
    {
        ExtensionTitle = "Nebenstelle {0}",
        Internal = "Intern",
        External = "Extern",
        RingThen = "Klingeln, dann {0}",
        Until = "bis {0:HH:mm}",
        UntilDate = "bis {0:dd.MM. HH:mm}",
        Since = "seit {0:HH:mm}",
        MenuTitle = "Status wählen",
        MenuShortTerm = "Kurzzeit-Status …",
        MenuForwarding = "Umleitungen …",
        MenuQueueLogIn = "Warteschlange anmelden",
        MenuQueueLogOut = "Warteschlange abmelden",
        InQueue = "In Warteschlange",
        ShortTermTitle = "Kurzzeit-Status",
        DurationTitle = "{0}: wie lange?",
        Minutes = "{0} Minuten",
        OneHour = "1 Stunde",
        Hours = "{0} Stunden",
        UntilWorkdayEnd = "bis Feierabend ({0:HH:mm})",
        EnterMinutes = "Minuten eingeben …",
        InputMinutes = "Dauer in Minuten",
        ForwardingTitle = "Umleitungen",
        ForwardingStatusTitle = "Umleitung: {0}",
        TargetTitle = "{0}: Ziel",
        InputExtension = "Nebenstelle",
        InputExternal = "Rufnummer",
        KeyStatus = "Status",
        KeyDndOn = "DND an",
        KeyDndOff = "DND aus",
        KeyClose = "Ende",
        KeyBack = "Zurück",
        KeyIdentities = "Nebenst.",
        IdentitiesTitle = "Nebenstellen",
        TargetRing = "Klingeln",
        TargetVoicemail = "Mailbox",
        TargetExtension = "Nebenstelle {0}",
        TargetColleagueVoicemail = "Mailbox {0}",
        TargetBusy = "Besetztzeichen",
        TargetQueue = "Warteschlange {0}",
        TargetRingGroup = "Gruppe {0}",
        TargetIvr = "Sprachmenü {0}",
        TargetAsSetInPbx = "wie in 3CX eingestellt",
        KindExtension = "Nebenstelle …",
        KindColleagueVoicemail = "Mailbox Kollege …",
        KindExternal = "Externe Nummer …",
        Slots = new Dictionary<ForwardingSlot, string>
        {
            [ForwardingSlot.Internal] = "Intern",
            [ForwardingSlot.External] = "Extern",
            [ForwardingSlot.NoAnswerInternal] = "K. Antwort intern",
            [ForwardingSlot.NoAnswerExternal] = "K. Antwort extern",
            [ForwardingSlot.BusyInternal] = "Besetzt intern",
            [ForwardingSlot.BusyExternal] = "Besetzt extern",
            [ForwardingSlot.NotRegisteredInternal] = "Offline intern",
            [ForwardingSlot.NotRegisteredExternal] = "Offline extern",
        },
        ErrorTitle = "Fehler",
        ErrorMissingExtension = "Die Anfrage nennt keine Nebenstelle (ext). Bitte Action-URL prüfen.",
        ErrorInvalidExtension = "Ungültige Nebenstelle \"{0}\": nur Ziffern, höchstens 16.",
        ErrorUnknownExtension = "Nebenstelle {0} ist nicht eingerichtet. DND-Taste drücken oder Administrator fragen.",
        ErrorInvalidMac = "Ungültige MAC-Adresse \"{0}\".",
        ErrorAccessDenied = "Dieses Telefon ist nicht freigegeben. Bitte den Administrator die Einstellungen neu verteilen lassen.",
        ErrorUnknownStatus = "Unbekannter Status \"{0}\".",
        ErrorInvalidDuration = "Ungültige Dauer \"{0}\": 1 bis 1440 Minuten.",
        ErrorWorkdayOver = "Feierabend ist schon vorbei.",
        ErrorInvalidChoice = "Ungültige Auswahl \"{0}\".",
        ErrorInvalidTargetExtension = "Ungültige Nebenstelle \"{0}\": nur Ziffern, höchstens 16.",
        ErrorInvalidTargetNumber = "Ungültige Rufnummer \"{0}\": Ziffern, vorne ein + erlaubt, 3 bis 20 Ziffern.",
        ErrorBlockedTargetNumber = "Rufnummer {0} ist als Umleitungsziel nicht erlaubt. Bitte den Administrator fragen.",
        ErrorUnavailable = "Dienst vorübergehend gestört. Bitte später erneut versuchen.",
        ErrorNetworkDenied = "Dieses Netz ist für Telefone nicht freigegeben. Bitte den Administrator fragen.",
        ErrorTooManyRequests = "Zu viele Anfragen von dieser Adresse. Bitte in {0} s erneut versuchen.",
        ErrorRequestTooLarge = "Die Anfrage ist zu lang. Bitte Action-URL prüfen.",
        ErrorInputNotSupported = "Eingaben zeigt dieses Telefon erst ab Firmware {0}. Bitte Firmware aktualisieren oder den Administrator fragen.",
        ErrorInputCutOff = "Die Eingabe \"{0}\" wurde bei # abgeschnitten: # ist in Rufnummern nicht möglich.",
        MenuColleagues = "Kollegen …",
        ColleaguesTitle = "Kollegen",
        GroupAll = "Alle",
        ColleaguesListTitle = "{0}",
        ColleaguesPageTitle = "{0} ({1}/{2})",
        SearchTitle = "Suche: {0}",
        InputSearch = "Name suchen",
        ColleaguePickTitle = "Details: wen?",
        NoColleagues = "Niemand gefunden.",
        KeyNext = "Weiter",
        KeyPrevious = "Zurück",
        KeySearch = "Suche",
        KeyDetails = "Details",
        KeyCall = "Anrufen",
        KeyFavouriteOn = "Favorit +",
        KeyFavouriteOff = "Favorit -",
        ColleagueSince = "seit {0:dd.MM. HH:mm}",
        ErrorUnknownGroup = "Gruppe \"{0}\" gibt es nicht (mehr).",
        ErrorInvalidSearch = "Ungültige Suche \"{0}\": nur Buchstaben, Ziffern, Leerzeichen, - . , ' (1 bis 32 Zeichen).",
        ErrorUnknownColleague = "Nebenstelle {0} ist nicht eingerichtet.",
        ErrorUnknownPage = "Diese Seite gibt es nicht. Bitte Einstellungen des Telefons prüfen.",
    };

    public static readonly PhoneTexts English = new()
    {
        ExtensionTitle = "Extension {0}",
        Internal = "Internal",
        External = "External",
        RingThen = "Ring, then {0}",
        Until = "until {0:HH:mm}",
        UntilDate = "until {0:MM/dd HH:mm}",
        Since = "since {0:HH:mm}",
        MenuTitle = "Choose status",
        MenuShortTerm = "Short-term status …",
        MenuForwarding = "Forwarding …",
        MenuQueueLogIn = "Log in to queues",
        MenuQueueLogOut = "Log out of queues",
        InQueue = "In queues",
        ShortTermTitle = "Short-term status",
        DurationTitle = "{0}: how long?",
        Minutes = "{0} minutes",
        OneHour = "1 hour",
        Hours = "{0} hours",
        UntilWorkdayEnd = "until end of day ({0:HH:mm})",
        EnterMinutes = "Enter minutes …",
        InputMinutes = "Duration in minutes",
        ForwardingTitle = "Forwarding",
        ForwardingStatusTitle = "Forwarding: {0}",
        TargetTitle = "{0}: target",
        InputExtension = "Extension",
        InputExternal = "Phone number",
        KeyStatus = "Status",
        KeyDndOn = "DND on",
        KeyDndOff = "DND off",
        KeyClose = "Close",
        KeyBack = "Back",
        KeyIdentities = "Lines",
        IdentitiesTitle = "Extensions",
        TargetRing = "Ring",
        TargetVoicemail = "Voicemail",
        TargetExtension = "Extension {0}",
        TargetColleagueVoicemail = "Voicemail {0}",
        TargetBusy = "Busy signal",
        TargetQueue = "Queue {0}",
        TargetRingGroup = "Ring group {0}",
        TargetIvr = "IVR {0}",
        TargetAsSetInPbx = "as set in 3CX",
        KindExtension = "Extension …",
        KindColleagueVoicemail = "Colleague's voicemail …",
        KindExternal = "External number …",
        Slots = new Dictionary<ForwardingSlot, string>
        {
            [ForwardingSlot.Internal] = "Internal",
            [ForwardingSlot.External] = "External",
            [ForwardingSlot.NoAnswerInternal] = "No answer, internal",
            [ForwardingSlot.NoAnswerExternal] = "No answer, external",
            [ForwardingSlot.BusyInternal] = "Busy, internal",
            [ForwardingSlot.BusyExternal] = "Busy, external",
            [ForwardingSlot.NotRegisteredInternal] = "Offline, internal",
            [ForwardingSlot.NotRegisteredExternal] = "Offline, external",
        },
        ErrorTitle = "Error",
        ErrorMissingExtension = "The request names no extension (ext). Check the action URL.",
        ErrorInvalidExtension = "Invalid extension \"{0}\": digits only, at most 16.",
        ErrorUnknownExtension = "Extension {0} is not set up. Press DND or ask your administrator.",
        ErrorInvalidMac = "Invalid MAC address \"{0}\".",
        ErrorAccessDenied = "This phone is not authorised. Ask your administrator to provision it again.",
        ErrorUnknownStatus = "Unknown status \"{0}\".",
        ErrorInvalidDuration = "Invalid duration \"{0}\": 1 to 1440 minutes.",
        ErrorWorkdayOver = "The working day is already over.",
        ErrorInvalidChoice = "Invalid choice \"{0}\".",
        ErrorInvalidTargetExtension = "Invalid extension \"{0}\": digits only, at most 16.",
        ErrorInvalidTargetNumber = "Invalid number \"{0}\": digits, an optional leading +, 3 to 20 digits.",
        ErrorBlockedTargetNumber = "Calls may not be forwarded to {0}. Ask your administrator.",
        ErrorUnavailable = "Service temporarily unavailable. Please try again later.",
        ErrorNetworkDenied = "Phones on this network are not allowed. Ask your administrator.",
        ErrorTooManyRequests = "Too many requests from this address. Please try again in {0} s.",
        ErrorRequestTooLarge = "The request is too long. Check the action URL.",
        ErrorInputNotSupported = "This phone shows input pages from firmware {0} on. Update the firmware or ask your administrator.",
        ErrorInputCutOff = "The input \"{0}\" was cut off at #: # cannot be part of a number.",
        MenuColleagues = "Colleagues …",
        ColleaguesTitle = "Colleagues",
        GroupAll = "All",
        ColleaguesListTitle = "{0}",
        ColleaguesPageTitle = "{0} ({1}/{2})",
        SearchTitle = "Search: {0}",
        InputSearch = "Search name",
        ColleaguePickTitle = "Details: whom?",
        NoColleagues = "Nobody found.",
        KeyNext = "Next",
        KeyPrevious = "Previous",
        KeySearch = "Search",
        KeyDetails = "Details",
        KeyCall = "Call",
        KeyFavouriteOn = "Favourite +",
        KeyFavouriteOff = "Favourite -",
        ColleagueSince = "since {0:MM/dd HH:mm}",
        ErrorUnknownGroup = "There is no group \"{0}\" (any more).",
        ErrorInvalidSearch = "Invalid search \"{0}\": letters, digits, spaces, - . , ' only (1 to 32 characters).",
        ErrorUnknownColleague = "Extension {0} is not set up.",
        ErrorUnknownPage = "There is no such page. Check the phone's settings.",
    };

    public required string ExtensionTitle { get; init; }

    public required string Internal { get; init; }

    public required string External { get; init; }

    public required string RingThen { get; init; }

    public required string Until { get; init; }

    public required string UntilDate { get; init; }

    public required string Since { get; init; }

    public required string MenuTitle { get; init; }

    public required string MenuShortTerm { get; init; }

    public required string MenuForwarding { get; init; }

    public required string MenuQueueLogIn { get; init; }

    public required string MenuQueueLogOut { get; init; }

    public required string InQueue { get; init; }

    public required string ShortTermTitle { get; init; }

    public required string DurationTitle { get; init; }

    public required string Minutes { get; init; }

    public required string OneHour { get; init; }

    public required string Hours { get; init; }

    public required string UntilWorkdayEnd { get; init; }

    public required string EnterMinutes { get; init; }

    public required string InputMinutes { get; init; }

    public required string ForwardingTitle { get; init; }

    public required string ForwardingStatusTitle { get; init; }

    public required string TargetTitle { get; init; }

    public required string InputExtension { get; init; }

    public required string InputExternal { get; init; }

    public required string KeyStatus { get; init; }

    public required string KeyDndOn { get; init; }

    public required string KeyDndOff { get; init; }

    public required string KeyClose { get; init; }

    public required string KeyBack { get; init; }

    public required string KeyIdentities { get; init; }

    public required string IdentitiesTitle { get; init; }

    public required string TargetRing { get; init; }

    public required string TargetVoicemail { get; init; }

    public required string TargetExtension { get; init; }

    public required string TargetColleagueVoicemail { get; init; }

    public required string TargetBusy { get; init; }

    public required string TargetQueue { get; init; }

    public required string TargetRingGroup { get; init; }

    public required string TargetIvr { get; init; }

    public required string TargetAsSetInPbx { get; init; }

    public required string KindExtension { get; init; }

    public required string KindColleagueVoicemail { get; init; }

    public required string KindExternal { get; init; }

    public required IReadOnlyDictionary<ForwardingSlot, string> Slots { get; init; }

    public required string ErrorTitle { get; init; }

    public required string ErrorMissingExtension { get; init; }

    public required string ErrorInvalidExtension { get; init; }

    public required string ErrorUnknownExtension { get; init; }

    public required string ErrorInvalidMac { get; init; }

    public required string ErrorAccessDenied { get; init; }

    public required string ErrorUnknownStatus { get; init; }

    public required string ErrorInvalidDuration { get; init; }

    public required string ErrorWorkdayOver { get; init; }

    public required string ErrorInvalidChoice { get; init; }

    public required string ErrorInvalidTargetExtension { get; init; }

    public required string ErrorInvalidTargetNumber { get; init; }

    public required string ErrorBlockedTargetNumber { get; init; }

    public required string ErrorUnavailable { get; init; }

    public required string ErrorNetworkDenied { get; init; }

    public required string ErrorTooManyRequests { get; init; }

    public required string ErrorRequestTooLarge { get; init; }

    public required string ErrorInputNotSupported { get; init; }

    public required string ErrorInputCutOff { get; init; }

    public required string MenuColleagues { get; init; }

    public required string ColleaguesTitle { get; init; }

    public required string GroupAll { get; init; }

    public required string ColleaguesListTitle { get; init; }

    public required string ColleaguesPageTitle { get; init; }

    public required string SearchTitle { get; init; }

    public required string InputSearch { get; init; }

    public required string ColleaguePickTitle { get; init; }

    public required string NoColleagues { get; init; }

    public required string KeyNext { get; init; }

    public required string KeyPrevious { get; init; }

    public required string KeySearch { get; init; }

    public required string KeyDetails { get; init; }

    public required string KeyCall { get; init; }

    public required string KeyFavouriteOn { get; init; }

    public required string KeyFavouriteOff { get; init; }

    public required string ColleagueSince { get; init; }

    public required string ErrorUnknownGroup { get; init; }

    public required string ErrorInvalidSearch { get; init; }

    public required string ErrorUnknownColleague { get; init; }

    public required string ErrorUnknownPage { get; init; }

    public static PhoneTexts For(Language language) => language == Language.En ? English : German;
}
