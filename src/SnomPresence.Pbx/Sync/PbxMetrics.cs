using System.Diagnostics.Metrics;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.Sync;

/// <summary>
/// How far 3CX is behind: the outbox as the syncing instance last counted it, the age of its oldest change, and
/// for every delivered change the time from being stored to 3CX accepting it.
/// </summary>
internal sealed class PbxMetrics
{
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _deliveries;
    private readonly TimeProvider _time;
    private PbxOutboxStats? _outbox;

    public PbxMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(ServiceMeter.Name);
        _lag = meter.CreateHistogram<double>(
            "snompresence.pbx.sync.lag", "s", "From a change being stored to 3CX accepting it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _deliveries = meter.CreateCounter<long>("snompresence.pbx.deliveries", "{change}", "Changes sent to 3CX, by outcome.");
        // Only the instance that syncs knows the figures; the others report nothing rather than a stale zero.
        meter.CreateObservableGauge("snompresence.pbx.outbox.depth", () => _outbox is { } outbox ? [new Measurement<long>(outbox.Depth)] : Array.Empty<Measurement<long>>(),
            "{extension}", "Extensions whose latest change 3CX has not accepted yet.");
        meter.CreateObservableGauge("snompresence.pbx.outbox.oldest_age", OldestAge, "s", "How long the oldest change not yet in 3CX has waited.");
        meter.CreateObservableGauge("snompresence.pbx.outbox.parked", () => _outbox is { } outbox ? [new Measurement<long>(outbox.Parked)] : Array.Empty<Measurement<long>>(),
            "{extension}", "Extensions whose change 3CX refused, parked until a retry.");
    }

    public void Counted(PbxOutboxStats? outbox) => _outbox = outbox;

    public void Delivered(PbxOutboxEntry entry) =>
        _lag.Record(Math.Max(0, (_time.GetUtcNow() - entry.QueuedAt).TotalSeconds));

    public void Sent(string outcome) => _deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private IEnumerable<Measurement<double>> OldestAge()
    {
        if (_outbox is { } outbox)
        {
            yield return new Measurement<double>(outbox.OldestQueuedAt is { } oldest ? Math.Max(0, (_time.GetUtcNow() - oldest).TotalSeconds) : 0);
        }
    }
}
