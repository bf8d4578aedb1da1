using SnomPresence.Presence;

namespace SnomPresence.Stores.Tests;

/// <summary>The read cache between a store's commit and its answer to the writer, where the change is already announced.</summary>
public sealed class CachingPresenceStoreTests
{
    private static readonly Extension Ext = Extension.Parse("201");
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SubscriberReadingTheStoreAsItHearsOfAChange_ReadsThatChange_NotTheStateBefore()
    {
        var (feed, inner, cache, v1) = await CacheHoldingV1Async();
        Assert.Equal(1, (await cache.GetAsync(Ext, default))!.Version);
        using var changes = feed.Subscribe();

        inner.Answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var v2 = v1 with { Status = PresenceStatus.Dnd, Version = 2 };
        var saving = cache.TrySaveAsync(v1, v2, Entry(v2), PbxChanges.Status, default);
        var heard = await changes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var read = await cache.GetAsync(Ext, default);

        Assert.Equal(2, heard.Current.Version);
        Assert.Equal(v2, read);
        Assert.False(saving.IsCompleted);
        inner.Answer.SetResult();
        Assert.True(await saving);
        Assert.Equal(v2, await cache.GetAsync(Ext, default));
    }

    [Fact]
    public async Task AnnouncedChangeOlderThanTheCachedState_DoesNotPutTheOlderStateBack()
    {
        var feed = new PresenceChangeBroadcaster();
        var cache = new CachingPresenceStore(new AnnouncesBeforeAnswering(feed), feed);
        var v1 = PresenceState.Create(Ext, ChangeSource.Phone, T0);
        var v3 = v1 with { Status = PresenceStatus.Away, Version = 3 };
        Assert.True(await cache.TrySaveAsync(null, v3, Entry(v3), PbxChanges.None, default));

        feed.Publish(new PresenceChanged(v1, v1 with { Status = PresenceStatus.Lunch, Version = 2 }, Entry(v1)));

        Assert.Equal(v3, await cache.GetAsync(Ext, default));
    }

    [Fact]
    public async Task WriteLostToAChangeMadeThroughThisCache_IsRetriedFromMemory_WithoutReadingTheStore()
    {
        var (_, inner, cache, v1) = await CacheHoldingV1Async();
        var v2 = v1 with { Status = PresenceStatus.Dnd, Version = 2 };
        Assert.True(await cache.TrySaveAsync(v1, v2, Entry(v2), PbxChanges.Status, default));
        var readsBefore = inner.Reads;

        // A second press decided on v1 as well, before the first one's commit reached the cache.
        var late = v1 with { Status = PresenceStatus.Available, Version = 2 };
        Assert.False(await cache.TrySaveAsync(v1, late, Entry(late), PbxChanges.Status, default));

        Assert.Equal(v2, await cache.GetAsync(Ext, default));
        Assert.Equal(readsBefore, inner.Reads);
    }

    [Fact]
    public async Task WriteLostToAnotherInstance_DropsTheStaleState_AndTheNextReadAsksTheStore()
    {
        var (_, inner, cache, v1) = await CacheHoldingV1Async();
        var elsewhere = v1 with { Status = PresenceStatus.Away, Version = 2 };
        inner.WrittenElsewhere(elsewhere);
        var readsBefore = inner.Reads;

        var mine = v1 with { Status = PresenceStatus.Dnd, Version = 2 };
        Assert.False(await cache.TrySaveAsync(v1, mine, Entry(mine), PbxChanges.Status, default));

        Assert.Equal(elsewhere, await cache.GetAsync(Ext, default));
        Assert.Equal(readsBefore + 1, inner.Reads);
    }

    /// <summary>A cache in front of the one-extension store, with version 1 of <see cref="Ext"/> saved through it.</summary>
    private static async Task<(PresenceChangeBroadcaster Feed, AnnouncesBeforeAnswering Inner, CachingPresenceStore Cache, PresenceState V1)> CacheHoldingV1Async()
    {
        var feed = new PresenceChangeBroadcaster();
        var inner = new AnnouncesBeforeAnswering(feed);
        var cache = new CachingPresenceStore(inner, feed);
        var v1 = PresenceState.Create(Ext, ChangeSource.Phone, T0);
        Assert.True(await cache.TrySaveAsync(null, v1, Entry(v1), PbxChanges.None, default));
        return (feed, inner, cache, v1);
    }

    private static PresenceHistoryEntry Entry(PresenceState state) =>
        new(state.Extension, state.Version, state.Since, ChangeKind.Status, state.Status, state.ExpiresAt, state.Source, null);

    /// <summary>
    /// A store of one extension that saves only onto the version it holds, as every store does, announces its commit
    /// and answers the writer only when let go; it counts its reads.
    /// </summary>
    private sealed class AnnouncesBeforeAnswering(PresenceChangeBroadcaster feed) : IPresenceStore
    {
        private PresenceState? _state;

        public TaskCompletionSource Answer { get; set; } = Answered();

        public int Reads { get; private set; }

        /// <summary>Another instance's write: stored, but not announced here.</summary>
        public void WrittenElsewhere(PresenceState state) => _state = state;

        public Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(_state is { } state && state.Extension == extension ? state : null);
        }

        public async Task<bool> TrySaveAsync(PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken)
        {
            if (current?.Version != _state?.Version)
            {
                return false;
            }

            _state = updated;
            feed.Publish(new PresenceChanged(current, updated, entry));
            await Answer.Task;
            return true;
        }

        public Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private static TaskCompletionSource Answered()
        {
            var answered = new TaskCompletionSource();
            answered.SetResult();
            return answered;
        }
    }
}
