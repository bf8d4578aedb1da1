namespace SnomPresence.Presence;

/// <summary>
/// Everything known about one extension's presence. <see cref="Version"/> starts at 1 when the extension is
/// created and grows by one with every real change, status or forwarding; stores compare-and-set on it.
/// </summary>
public sealed record PresenceState(
    Extension Extension,
    PresenceStatus Status,
    DateTimeOffset Since,
    ChangeSource Source,
    DateTimeOffset? ExpiresAt,
    long Version,
    ForwardingSettings Forwarding,
    bool QueueLoggedIn = false,
    Language? Language = null,
    ExtensionName? Name = null)
{
    public bool IsDnd => Status == PresenceStatus.Dnd;

    /// <summary>A new extension: available, default forwarding.</summary>
    public static PresenceState Create(Extension extension, ChangeSource source, DateTimeOffset at) =>
        new(extension, PresenceStatus.Available, at, source, null, 1, ForwardingSettings.Default);
}

/// <summary>What a history entry records.</summary>
public enum ChangeKind
{
    Created,
    Status,
    Forwarding,
    Queue,
    Settings,
}

/// <summary>One entry of an extension's history: the state after a change and who made it from where.</summary>
/// <param name="Origin">Where the change came from, e.g. the phone's MAC or "api"; free text, may be null.</param>
public sealed record PresenceHistoryEntry(
    Extension Extension,
    long Version,
    DateTimeOffset At,
    ChangeKind Kind,
    PresenceStatus Status,
    DateTimeOffset? ExpiresAt,
    ChangeSource Source,
    string? Origin);

/// <summary>Published on the change feed after a change is durably stored.</summary>
/// <param name="Previous">The state before (as this instance knew it), or null when the extension was just created.</param>
/// <param name="FromOtherInstance">
/// Stored by another instance sharing the store and announced here: caches and pages follow it, while work that
/// happens once per change (pushing to phones, logging it) is left to the instance that stored it.
/// </param>
public sealed record PresenceChanged(PresenceState? Previous, PresenceState Current, PresenceHistoryEntry Entry, bool FromOtherInstance = false);
