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
    private ImmutableList<Action<PresenceChanged>> _first = [];

    public int SubscriberCount => _subscribers.Count;

    public void Publish(PresenceChanged change)
    {
        foreach (var apply in _first)
        {
            apply(change);
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Deliver(change);
        }
    }

    public PresenceSubscription Subscribe() => Add(null);

    /// <summary>
    /// Runs <paramref name="apply"/> with every change before any subscriber hears of it, on the publishing thread:
    /// for a read cache, so a subscriber reading the store as it hears of a change reads that change, not the
    /// state before it. It must be quick and must not throw.
    /// </summary>
    public void ApplyFirst(Action<PresenceChanged> apply) => ImmutableInterlocked.Update(ref _first, list => list.Add(apply));

    public PresenceSubscription Subscribe(int capacity) => Add(capacity);

    private PresenceSubscription Add(int? capacity)
    {
        PresenceSubscription? subscription = null;
        subscription = new PresenceSubscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscription!)), capacity);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscription));
        return subscription;
    }
}

/// <summary>A bounded subscriber fell too far behind and was dropped; it should start over from the current state.</summary>
public sealed class SubscriptionOverflowException(int capacity)
    : Exception($"More than {capacity} changes waited unread; the subscription was dropped.");

/// <summary>One subscriber's queue of changes; dispose it to stop receiving.</summary>
public sealed class PresenceSubscription : IDisposable
{
    private readonly Channel<PresenceChanged> _channel;
    private readonly Action _unsubscribe;
    private readonly int? _capacity;

    internal PresenceSubscription(Action unsubscribe, int? capacity)
    {
        _unsubscribe = unsubscribe;
        _capacity = capacity;
        _channel = capacity is { } bound
            ? Channel.CreateBounded<PresenceChanged>(new BoundedChannelOptions(bound) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait })
            : Channel.CreateUnbounded<PresenceChanged>(new UnboundedChannelOptions { SingleReader = true });
    }

    public ChannelReader<PresenceChanged> Reader => _channel.Reader;

    public IAsyncEnumerable<PresenceChanged> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);

    public void Dispose()
    {
        _unsubscribe();
        _channel.Writer.TryComplete();
    }

    /// <summary>Never waits: an unbounded queue always takes the change; a full bounded one drops the subscriber instead.</summary>
    internal void Deliver(PresenceChanged change)
    {
        if (!_channel.Writer.TryWrite(change) && _capacity is { } capacity)
        {
            _unsubscribe();
            _channel.Writer.TryComplete(new SubscriptionOverflowException(capacity));
        }
    }
}
