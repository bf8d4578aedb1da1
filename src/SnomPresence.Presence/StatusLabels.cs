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

    private readonly FrozenDictionary<(PresenceStatus, Language), string> _labels;

    public StatusLabels(IReadOnlyDictionary<(PresenceStatus Status, Language Language), string>? overrides = null)
    {
        var labels = Defaults.ToDictionary();
        foreach (var ((status, language), label) in overrides ?? new Dictionary<(PresenceStatus, Language), string>())
        {
            if (!Renamable.Contains(status))
            {
                throw new ArgumentException($"The label of '{EnumIds.Id(status)}' cannot be changed.", nameof(overrides));
            }

            labels[(status, language)] = label;
        }

        _labels = labels.ToFrozenDictionary();
    }

    public string Label(PresenceStatus status, Language language) => _labels[(status, language)];
}
