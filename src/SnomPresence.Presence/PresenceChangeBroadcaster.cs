using System.Collections.Immutable;
using System.Threading.Channels;

namespace SnomPresence.Presence;

/// <summary>
/// The in-process change feed: a store publishes after each commit and every subscriber gets its own queue, so a
/// slow subscriber never delays a phone's request. Stores shared by several instances add their own
/// cross-instance notification on top and publish what they receive here.
/// </summary>
public sealed class PresenceChangeBroadcaster : IPresenceChangeFeed
{
    private ImmutableList<PresenceSubscription> _subscribers = [];

    public int SubscriberCount => _subscribers.Count;

    public void Publish(PresenceChanged change)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Deliver(change);
        }
    }

    public PresenceSubscription Subscribe()
    {
        PresenceSubscription? subscription = null;
        subscription = new PresenceSubscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscription!)));
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscription));
        return subscription;
    }
}

/// <summary>One subscriber's queue of changes; dispose it to stop receiving.</summary>
public sealed class PresenceSubscription : IDisposable
{
    private readonly Channel<PresenceChanged> _channel =
        Channel.CreateUnbounded<PresenceChanged>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Action _unsubscribe;

    internal PresenceSubscription(Action unsubscribe) => _unsubscribe = unsubscribe;

    public ChannelReader<PresenceChanged> Reader => _channel.Reader;

    public IAsyncEnumerable<PresenceChanged> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);

    public void Dispose()
    {
        _unsubscribe();
        _channel.Writer.TryComplete();
    }

    // Unbounded, so writing never fails while the subscription is open.
    internal void Deliver(PresenceChanged change) => _channel.Writer.TryWrite(change);
}
