using System.Diagnostics.Metrics;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone;

/// <summary>What phones do with the service beyond plain requests: DND key presses and the pushes sent back to them.</summary>
internal sealed class PhoneMetrics
{
    private readonly Counter<long> _dndPresses;
    private readonly Counter<long> _pushes;

    public PhoneMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceMeter.Name);
        _dndPresses = meter.CreateCounter<long>(
            "snompresence.phone.dnd_toggles", "{press}", "DND key presses reported by phones, by new mode and outcome (changed, unchanged, echo of a push).");
        _pushes = meter.CreateCounter<long>("snompresence.phone.pushes", "{push}", "Calls to phones' web interfaces, by kind (dnd, page) and outcome (sent, failed).");
    }

    public void DndPressed(bool dnd, string outcome) =>
        _dndPresses.Add(1, new KeyValuePair<string, object?>("dnd", dnd ? "on" : "off"), new KeyValuePair<string, object?>("outcome", outcome));

    public void Pushed(string kind, bool sent) =>
        _pushes.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", sent ? "sent" : "failed"));
}
