namespace SnomPresence.Presence;

/// <summary>The one meter every part of the service records on, so <c>/metrics</c> needs a single name to export.</summary>
public static class ServiceMeter
{
    public const string Name = "SnomPresence";
}
