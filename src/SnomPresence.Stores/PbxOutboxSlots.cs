using SnomPresence.Presence;

namespace SnomPresence.Stores;

internal static class PbxOutboxSlots
{
    /// <summary>The forwarding slots a change queued for the PBX touched: those whose target it changed.</summary>
    public static ForwardingSlotSet Touched(PresenceState? current, PresenceState updated, PbxChanges forPbx) =>
        forPbx.HasFlag(PbxChanges.Forwarding) && current is not null ? updated.Forwarding.ChangedFrom(current.Forwarding) : ForwardingSlotSet.Empty;
}
