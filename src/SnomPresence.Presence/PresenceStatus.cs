namespace SnomPresence.Presence;

/// <summary>The five 3CX presence statuses. Ids (<see cref="EnumIds"/>): available, away, dnd, lunch, business-trip.</summary>
public enum PresenceStatus
{
    Available,
    Away,
    Dnd,
    Lunch,
    BusinessTrip,
}

/// <summary>Who made a change.</summary>
public enum ChangeSource
{
    Phone,
    Admin,
    Pbx,
    Timer,
}
