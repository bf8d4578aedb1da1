using System.Collections.Frozen;

namespace SnomPresence.Presence;

/// <summary>The languages phone screens and labels come in.</summary>
public enum Language
{
    De,
    En,
}

/// <summary>
/// Display labels of the statuses. Lunch and business trip are free to rename per office (3CX calls them
/// Custom 1 and Custom 2); the other three are fixed.
/// </summary>
public sealed class StatusLabels
{
    /// <summary>The statuses an office may rename.</summary>
    public static readonly IReadOnlySet<PresenceStatus> Renamable =
        new HashSet<PresenceStatus> { PresenceStatus.Lunch, PresenceStatus.BusinessTrip }.ToFrozenSet();

    private static readonly FrozenDictionary<(PresenceStatus, Language), string> Defaults =
        new Dictionary<(PresenceStatus, Language), string>
        {
            [(PresenceStatus.Available, Language.De)] = "Verfügbar",
            [(PresenceStatus.Away, Language.De)] = "Abwesend",
            [(PresenceStatus.Dnd, Language.De)] = "Nicht stören",
            [(PresenceStatus.Lunch, Language.De)] = "Zu Tisch",
            [(PresenceStatus.BusinessTrip, Language.De)] = "Geschäftsreise",
            [(PresenceStatus.Available, Language.En)] = "Available",
            [(PresenceStatus.Away, Language.En)] = "Away",
            [(PresenceStatus.Dnd, Language.En)] = "Do not disturb",
            [(PresenceStatus.Lunch, Language.En)] = "Lunch",
            [(PresenceStatus.BusinessTrip, Language.En)] = "Business trip",
        }.ToFrozenDictionary();

    // The names 3CX gives the two custom statuses until an office renames them: not worth showing over our own.
    private static readonly FrozenSet<string> PbxDefaultNames =
        new[] { "Lunch", "Business Trip", "Custom 1", "Custom 2" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly IReadOnlyDictionary<(PresenceStatus Status, Language Language), string> _configured;
    private FrozenDictionary<(PresenceStatus, Language), string> _labels;

    /// <param name="overrides">Names an admin configured; they win over names the PBX reports.</param>
    public StatusLabels(IReadOnlyDictionary<(PresenceStatus Status, Language Language), string>? overrides = null)
    {
        _configured = overrides ?? new Dictionary<(PresenceStatus, Language), string>();
        foreach (var (status, _) in _configured.Keys.Where(k => !Renamable.Contains(k.Status)))
        {
            throw new ArgumentException($"The label of '{EnumIds.Id(status)}' cannot be changed.", nameof(overrides));
        }

        _labels = Build(new Dictionary<PresenceStatus, string>());
    }

    public string Label(PresenceStatus status, Language language) => _labels[(status, language)];

    /// <summary>
    /// Takes the office's names for the custom statuses from the PBX (3CX Custom1Name / Custom2Name) for every
    /// language, unless an admin configured a label or the PBX still reports its own default name. Characters a
    /// display cannot show (see <see cref="DisplayText.Clean"/>) are dropped; a name left blank keeps ours.
    /// </summary>
    public void ApplyPbxNames(string? lunch, string? businessTrip)
    {
        var names = new Dictionary<PresenceStatus, string>();
        foreach (var (status, name) in new[] { (PresenceStatus.Lunch, lunch), (PresenceStatus.BusinessTrip, businessTrip) })
        {
            var shown = name is null ? null : DisplayText.Clean(name).Trim();
            if (!string.IsNullOrEmpty(shown) && !PbxDefaultNames.Contains(shown))
            {
                names[status] = shown;
            }
        }

        _labels = Build(names);
    }

    private FrozenDictionary<(PresenceStatus, Language), string> Build(Dictionary<PresenceStatus, string> pbxNames)
    {
        var labels = Defaults.ToDictionary();
        foreach (var (status, name) in pbxNames)
        {
            foreach (var language in Enum.GetValues<Language>())
            {
                labels[(status, language)] = name;
            }
        }

        foreach (var (key, label) in _configured)
        {
            labels[key] = label;
        }

        return labels.ToFrozenDictionary();
    }
}
