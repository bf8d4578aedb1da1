namespace SnomPresence.Presence.Tests;

/// <summary>
/// A store double for the domain tests only; the real stores are tested against the same behaviour in
/// SnomPresence.Stores.Tests. <see cref="BeforeSave"/> lets a test slip a competing write in before a save.
/// </summary>
internal sealed class InMemoryPresenceStore : IPresenceStore
{
    private readonly Dictionary<Extension, PresenceState> _states = [];
    private readonly List<PresenceHistoryEntry> _history = [];

    public Func<Task>? BeforeSave { get; set; }

    public int SaveAttempts { get; private set; }

    /// <summary>What each stored change asked to queue for the PBX, in order.</summary>
    public List<(long Version, PbxChanges Changes)> QueuedForPbx { get; } = [];

    public Task<PresenceState?> GetAsync(Extension extension, CancellationToken cancellationToken) =>
        Task.FromResult(_states.GetValueOrDefault(extension));

    public Task<IReadOnlyList<PresenceState>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PresenceState>>([.. _states.Values.OrderBy(s => s.Extension, Extension.Order)]);

    public async Task<bool> TrySaveAsync(PresenceState? current, PresenceState updated, PresenceHistoryEntry entry, PbxChanges forPbx, CancellationToken cancellationToken)
    {
        SaveAttempts++;
        if (BeforeSave is { } before)
        {
            BeforeSave = null;
            await before();
        }

        var stored = _states.GetValueOrDefault(updated.Extension);
        if (stored?.Version != current?.Version)
        {
            return false;
        }

        _states[updated.Extension] = updated;
        _history.Add(entry);
        QueuedForPbx.Add((updated.Version, forPbx));
        return true;
    }

    public Task<IReadOnlyList<PresenceHistoryEntry>> GetHistoryAsync(Extension extension, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PresenceHistoryEntry>>([.. _history.Where(e => e.Extension == extension).OrderByDescending(e => e.Version).Take(limit)]);

    public Task<IReadOnlyList<PresenceState>> ListExpiringAsync(DateTimeOffset until, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PresenceState>>([.. _states.Values.Where(s => s.ExpiresAt <= until).OrderBy(s => s.ExpiresAt).Take(max)]);

    public Task<DateTimeOffset?> NextExpiryAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_states.Values.Min(s => s.ExpiresAt));

    public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, int keepPerExtension, int max, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Pruning is a store matter; the store contract tests it.");

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
