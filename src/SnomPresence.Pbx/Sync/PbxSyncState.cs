using System.Collections.Concurrent;
using System.Threading.Channels;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.Sync;

/// <summary>What the sync workers know about the link to 3CX, for the health check and for each other.</summary>
internal sealed class PbxSyncState
{
    private readonly ConcurrentDictionary<Extension, DateTimeOffset> _deliveredAt = new();
    private readonly Channel<bool> _deliveryRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public DateTimeOffset? LastDelivery { get; private set; }

    public DateTimeOffset? LastPoll { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    /// <summary>The kind of the last failure (exception type and HTTP status); never a message that could carry secrets.</summary>
    public string? LastError { get; private set; }

    public bool Failing => ConsecutiveFailures > 0;

    /// <summary>Wakes the delivery worker for work that is no stored change, such as parked entries put back in line.</summary>
    public ChannelReader<bool> DeliveryRequests => _deliveryRequests.Reader;

    public void RequestDelivery() => _deliveryRequests.Writer.TryWrite(true);

    public void Delivered(Extension extension, DateTimeOffset at)
    {
        _deliveredAt[extension] = at;
        LastDelivery = at;
        ConsecutiveFailures = 0;
    }

    public void Polled(DateTimeOffset at)
    {
        LastPoll = at;
        ConsecutiveFailures = 0;
    }

    public void Failed(Exception error)
    {
        ConsecutiveFailures++;
        LastError = Describe(error);
    }

    /// <summary>
    /// True when a change of <paramref name="extension"/> reached 3CX after <paramref name="pollStarted"/>: the
    /// poll's answer may predate it and must not be applied.
    /// </summary>
    public bool DeliveredSince(Extension extension, DateTimeOffset pollStarted) =>
        _deliveredAt.TryGetValue(extension, out var at) && at >= pollStarted;

    public static string Describe(Exception error) => error switch
    {
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        HttpRequestException { HttpRequestError: var kind } => $"connection failed ({kind})",
        TimeoutException or TaskCanceledException => "timeout",
        _ => error.GetType().Name,
    };
}
