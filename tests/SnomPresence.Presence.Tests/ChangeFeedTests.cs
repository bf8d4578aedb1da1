namespace SnomPresence.Presence.Tests;

public class ChangeFeedTests
{
    private static PresenceChanged Change(long version)
    {
        var state = new PresenceState(
            Extension.Parse("201"), PresenceStatus.Available, DateTimeOffset.UnixEpoch, ChangeSource.Admin, null, version, ForwardingSettings.Default, false, null);
        return new PresenceChanged(null, state, new PresenceHistoryEntry(state.Extension, version, state.Since, ChangeKind.Status, state.Status, null, state.Source, null));
    }

    [Fact]
    public async Task BoundedSubscriber_ThatStopsReading_IsDroppedAtItsCapacity_OthersGetEverything()
    {
        var feed = new PresenceChangeBroadcaster();
        using var stalled = feed.Subscribe(capacity: 3);
        using var worker = feed.Subscribe();

        for (var v = 1; v <= 5; v++)
        {
            feed.Publish(Change(v));
        }

        Assert.Equal(1, feed.SubscriberCount);
        var read = new List<long>();
        await Assert.ThrowsAsync<SubscriptionOverflowException>(async () =>
        {
            await foreach (var change in stalled.ReadAllAsync(default))
            {
                read.Add(change.Current.Version);
            }
        });
        Assert.Equal([1L, 2L, 3L], read);
        var delivered = new List<long>();
        while (worker.Reader.TryRead(out var change))
        {
            delivered.Add(change.Current.Version);
        }

        Assert.Equal([1L, 2L, 3L, 4L, 5L], delivered);
    }

    [Fact]
    public void BoundedSubscriber_ThatKeepsUp_StaysSubscribed()
    {
        var feed = new PresenceChangeBroadcaster();
        using var board = feed.Subscribe(capacity: 2);

        for (var v = 1; v <= 10; v++)
        {
            feed.Publish(Change(v));
            Assert.True(board.Reader.TryRead(out var change));
            Assert.Equal(v, change.Current.Version);
        }

        Assert.Equal(1, feed.SubscriberCount);
    }
}
