using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SnomPresence.Pbx.Sync;
using SnomPresence.Presence;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// 3CX's system-wide settings the sync follows: the office's names of the two custom statuses (the status labels),
/// the profile a phone's DND key switches to (the profile of <c>dnd</c>), and the version. Read at start and every
/// <c>Pbx:ThreeCX:SettingsInterval</c>; a read that fails is logged, tried again a poll interval later, and never
/// fails the poll or a delivery: what was known stays in use.
/// </summary>
internal sealed class ThreeCxSettings(
    ThreeCxClient client,
    ProfileMap profiles,
    StatusLabels labels,
    IOptions<PbxOptions> options,
    TimeProvider time,
    ILogger<ThreeCxSettings> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Schedule _parameters = new();
    private readonly Schedule _phones = new();
    private bool _dndLogged;

    public string? Version { get; private set; }

    /// <summary>Reads whatever is due; cheap when nothing is.</summary>
    public async Task RefreshIfDueAsync(CancellationToken cancellationToken)
    {
        if (!_parameters.IsDue(time) && !_phones.IsDue(time))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReadAsync(_parameters, "system parameters", async () =>
            {
                var parameters = await client.GetSystemParametersAsync(cancellationToken).ConfigureAwait(false);
                labels.ApplyPbxNames(parameters.Custom1Name, parameters.Custom2Name);
                Version = parameters.Version;
            }, cancellationToken).ConfigureAwait(false);

            await ReadAsync(_phones, "phones settings", async () =>
            {
                var custom = (await client.GetPhonesSettingsAsync(cancellationToken).ConfigureAwait(false)).CustomDNDProfile;
                if (profiles.UseDndProfile(custom) || !_dndLogged)
                {
                    Log.DndProfile(logger, profiles.ProfileName(PresenceStatus.Dnd), profiles.DndSource, custom);
                    _dndLogged = true;
                }
            }, cancellationToken).ConfigureAwait(false);

            if (!_dndLogged)
            {
                Log.DndProfile(logger, profiles.ProfileName(PresenceStatus.Dnd), profiles.DndSource, null);
                _dndLogged = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task ReadAsync(Schedule schedule, string what, Func<Task> read, CancellationToken cancellationToken)
    {
        if (!schedule.IsDue(time))
        {
            return;
        }

        try
        {
            await read().ConfigureAwait(false);
            schedule.Due = time.GetUtcNow() + options.Value.ThreeCX.SettingsInterval;
            schedule.Failing = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One warning per run of failures: a 3CX that never lets us read this must not fill the log.
            if (!schedule.Failing)
            {
                Log.SettingsReadFailed(logger, what, PbxSyncState.Describe(ex));
            }

            schedule.Failing = true;
            var o = options.Value.ThreeCX;
            schedule.Due = time.GetUtcNow() + TimeSpan.FromTicks(Math.Min(o.PollInterval.Ticks, o.SettingsInterval.Ticks));
        }
    }

    private sealed class Schedule
    {
        public DateTimeOffset? Due { get; set; }

        public bool Failing { get; set; }

        public bool IsDue(TimeProvider time) => Due is not { } due || time.GetUtcNow() >= due;
    }
}
