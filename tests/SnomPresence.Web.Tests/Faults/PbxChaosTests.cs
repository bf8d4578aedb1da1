using System.Diagnostics;
using SnomPresence.Presence;
using SnomPresence.Web.Tests.Pbx;
using Xunit.Abstractions;

namespace SnomPresence.Web.Tests.Faults;

/// <summary>
/// Phones keep changing status while 3CX goes through every way of failing: refused connections, answers slower and
/// faster than the attempt timeout, 429 with Retry-After, revoked tokens. Afterwards 3CX holds each extension's latest
/// state, it never took an older state after a newer one, and no Retry-After was cut short.
/// </summary>
public sealed class PbxChaosTests(ITestOutputHelper output)
{
    private const int RetryAfterSeconds = 2;

    private static readonly string[] Extensions = ["201", "202", "203", "204", "205"];

    /// <summary>The longest a PATCH may travel in this test: the slowest answer of a slow phase (1.2 s) and some.</summary>
    private static readonly TimeSpan LongestLanding = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// The pause between one phone's presses while PATCHes land late. Five statuses in turn then take longer than
    /// <see cref="LongestLanding"/>, so a late PATCH cannot carry the value of a press made while it travelled and
    /// pass for that newer press.
    /// </summary>
    private static readonly TimeSpan SlowPressGap = TimeSpan.FromMilliseconds(450);

    /// <summary>What a phone's user does, in turn: the DND key, then statuses from the menu, then DND off.</summary>
    private static readonly (string Path, PresenceStatus Status)[] Presses =
    [
        ("/snom/action/dnd-on?ext={0}&mac=000413000{0}", PresenceStatus.Dnd),
        ("/snom/set?ext={0}&status=lunch&mac=000413000{0}", PresenceStatus.Lunch),
        ("/snom/set?ext={0}&status=away&mac=000413000{0}", PresenceStatus.Away),
        ("/snom/set?ext={0}&status=business-trip&mac=000413000{0}", PresenceStatus.BusinessTrip),
        ("/snom/action/dnd-off?ext={0}&mac=000413000{0}", PresenceStatus.Available),
    ];

    [Fact]
    public async Task PhonesToggling_ThreeCxDownSlowThrottledUnauthorized_EndsInLatestStateWithoutStaleOverwrite()
    {
        using var pbx = new FakeThreeCx { RetryAfterSeconds = RetryAfterSeconds };
        for (var i = 0; i < Extensions.Length; i++)
        {
            pbx.AddUser(100 + i, Extensions[i]);
        }

        await using var app = new SnomPresenceApp().WithThreeCx(pbx);
        using var phone = app.CreatePhoneClient();
        await pbx.WaitForFirstPollAsync();
        var profiles = new Dictionary<PresenceStatus, string>
        {
            [PresenceStatus.Available] = "Available",
            [PresenceStatus.Away] = "Away",
            [PresenceStatus.Dnd] = "Out of office",
            [PresenceStatus.Lunch] = "Custom 1",
            [PresenceStatus.BusinessTrip] = "Custom 2",
        };

        using var stop = new CancellationTokenSource();
        var slowPresses = false;
        var slowWindows = new List<(DateTimeOffset From, DateTimeOffset To)>();
        var changes = Extensions.ToDictionary(ext => ext, _ => new List<(DateTimeOffset Sent, PresenceStatus Status)>());
        var phones = Extensions.Select((ext, i) => Task.Run(async () =>
        {
            for (var press = i; !stop.IsCancellationRequested; press++)
            {
                var (path, status) = Presses[press % Presses.Length];
                var sent = TimeProvider.System.GetUtcNow();
                var response = await phone.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, ext), CancellationToken.None);
                Assert.True(response.IsSuccessStatusCode, $"{ext} {path}: {(int)response.StatusCode}; phones never wait for 3CX");
                lock (changes[ext])
                {
                    changes[ext].Add((sent, status));
                }

                await Task.Delay(Volatile.Read(ref slowPresses) ? SlowPressGap : TimeSpan.FromMilliseconds(Random.Shared.Next(20, 80)), CancellationToken.None);
            }
        })).ToList();

        var chaos = Stopwatch.StartNew();
        await PhaseAsync("healthy", TimeSpan.FromSeconds(1), () => { }, () => { });
        await PhaseAsync("down (connection refused)", TimeSpan.FromSeconds(2), pbx.Stop, pbx.Restart);
        SlowPresses(true);
        await PhaseAsync("slower than the attempt timeout", TimeSpan.FromSeconds(2.5), () => pbx.Delay = TimeSpan.FromMilliseconds(800), () => pbx.Delay = TimeSpan.Zero);
        await PhaseAsync("slow within the attempt timeout", TimeSpan.FromSeconds(1.5), () => pbx.Delay = TimeSpan.FromMilliseconds(300), () => pbx.Delay = TimeSpan.Zero);
        await PhaseAsync("late answers landing", LongestLanding, () => { }, () => { });
        SlowPresses(false);
        await PhaseAsync("429 with Retry-After", TimeSpan.FromSeconds(4), () => { pbx.RejectStatus = 429; pbx.RejectPatches = true; }, () => pbx.RejectPatches = false);
        await PhaseAsync("tokens revoked", TimeSpan.FromSeconds(2), pbx.RevokeToken, () => { }, every: TimeSpan.FromMilliseconds(300), pbx.RevokeToken);
        await PhaseAsync("healthy", TimeSpan.FromSeconds(1), () => { }, () => { });
        await PhaseAsync("down again", TimeSpan.FromSeconds(1), pbx.Stop, pbx.Restart);
        SlowPresses(true);
        await PhaseAsync("slower than the attempt timeout again", TimeSpan.FromSeconds(1.5), () => pbx.Delay = TimeSpan.FromMilliseconds(1200), () => pbx.Delay = TimeSpan.Zero);
        await stop.CancelAsync();
        await SnomPresenceApp.WithinAsync(Task.WhenAll(phones), "every phone's last press was answered");
        SlowPresses(false);
        var chaosTime = chaos.Elapsed;

        // Healthy from here on: everything still queued goes out, and nothing late may undo it.
        await SnomPresenceApp.EventuallyAsync(
            () => Extensions.All(ext => pbx.User(ext).Profile == profiles[changes[ext][^1].Status]),
            "3CX holds every extension's latest state",
            () => string.Join(", ", Extensions.Select(ext => $"{ext}: 3CX {pbx.User(ext).Profile}, last press {changes[ext][^1].Status}")));
        await SnomPresenceApp.EventuallyAsync(async () => (await app.GetOutboxDepthAsync()) == 0, "the outbox is empty");
        // Every PATCH 3CX received has been answered, those the service stopped waiting for included: nothing late is
        // still travelling that could undo the latest state.
        await SnomPresenceApp.EventuallyAsync(
            () => pbx.Requests.Count(r => r.Method == "PATCH") == pbx.PatchesReceived,
            "3CX answered every PATCH it received",
            () => $"{pbx.PatchesReceived} received, {pbx.Requests.Count(r => r.Method == "PATCH")} answered");

        foreach (var ext in Extensions)
        {
            AssertNoValueRepeatsWhileLanding(ext, changes[ext], slowWindows);
            var latest = changes[ext][^1].Status;
            Assert.Equal(profiles[latest], pbx.User(ext).Profile);
            // Nothing the poll read back from 3CX overwrote a phone's change.
            Assert.Equal(latest, (await app.GetStoredStateAsync(ext))!.Status);
            AssertNeverStale(ext, changes[ext], pbx.User(ext).AcceptedProfiles, profiles);
        }

        AssertRetryAfterHonoured(pbx.Requests);
        var patches = pbx.Requests.Where(r => r.Method == "PATCH").ToList();
        // Every fault was met, not slept through: throttled, refused with a revoked token, and renewed.
        Assert.Contains(patches, r => r.Status == 429);
        Assert.Contains(pbx.Requests, r => r.Status == 401);
        Assert.True(pbx.TokensIssued > 1, "the token was renewed after it was revoked");
        output.WriteLine(
            $"{chaosTime.TotalSeconds:F1} s of chaos, {changes.Values.Sum(c => c.Count)} phone changes, {patches.Count} PATCHes " +
            $"({patches.Count(r => r.Status == 204)} accepted, {patches.Count(r => r.Status == 429)} × 429, {patches.Count(r => r.Status == 401)} × 401), " +
            $"{pbx.TokensIssued} tokens issued");

        void SlowPresses(bool slow)
        {
            // Presses already waiting out a short pause may still come fast: the window starts one pause later.
            var now = TimeProvider.System.GetUtcNow();
            if (slow)
            {
                slowWindows.Add((now + TimeSpan.FromMilliseconds(100), DateTimeOffset.MaxValue));
            }
            else
            {
                slowWindows[^1] = (slowWindows[^1].From, now);
            }

            Volatile.Write(ref slowPresses, slow);
        }

        async Task PhaseAsync(string name, TimeSpan length, Action begin, Action end, TimeSpan? every = null, Action? repeat = null)
        {
            output.WriteLine($"{chaos.Elapsed.TotalSeconds,5:F1} s {name}");
            begin();
            var phase = Stopwatch.StartNew();
            while (phase.Elapsed < length)
            {
                await Task.Delay(every ?? length);
                if (phase.Elapsed < length)
                {
                    repeat?.Invoke();
                }
            }

            end();
        }
    }

    /// <summary>
    /// Each profile 3CX took must be the state of a change that had been made by then, and never of a change older
    /// than one 3CX already took: matched in order against the phone's changes, earliest fit first.
    /// </summary>
    private static void AssertNeverStale(
        string ext,
        List<(DateTimeOffset Sent, PresenceStatus Status)> changes,
        IReadOnlyList<(DateTimeOffset At, string Profile)> accepted,
        Dictionary<PresenceStatus, string> profiles)
    {
        // Before its first change each extension is available.
        var states = changes.Select(c => (c.Sent, Profile: profiles[c.Status])).Prepend((Sent: DateTimeOffset.MinValue, Profile: "Available")).ToList();
        var matched = 0;
        foreach (var (at, profile) in accepted)
        {
            var next = states.FindIndex(matched, s => s.Profile == profile && s.Sent <= at);
            Assert.True(
                next >= 0,
                $"{ext}: 3CX took {profile} at {at:HH:mm:ss.fff} after the state of change {matched} ({states[matched].Profile}, made {states[matched].Sent:HH:mm:ss.fff}); " +
                $"no change made by then from there on is {profile}. Accepted: {string.Join(", ", accepted.Select(a => $"{a.At:HH:mm:ss.fff} {a.Profile}"))}");
            matched = next;
        }
    }

    /// <summary>
    /// What lets <see cref="AssertNeverStale"/> tell a late PATCH from a newer press: while PATCHes land late, a
    /// phone never sets the same status twice within <see cref="LongestLanding"/>.
    /// </summary>
    private static void AssertNoValueRepeatsWhileLanding(
        string ext, List<(DateTimeOffset Sent, PresenceStatus Status)> changes, List<(DateTimeOffset From, DateTimeOffset To)> slowWindows)
    {
        var slow = changes.Where(c => slowWindows.Any(w => c.Sent >= w.From && c.Sent <= w.To)).ToList();
        Assert.True(slow.Count >= 5, $"{ext}: only {slow.Count} presses while PATCHes landed late");
        foreach (var same in slow.GroupBy(c => c.Status))
        {
            var times = same.Select(c => c.Sent).Order().ToList();
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(
                pair.Second - pair.First > LongestLanding,
                $"{ext}: {same.Key} pressed at {pair.First:HH:mm:ss.fff} and again at {pair.Second:HH:mm:ss.fff}, within a PATCH's landing time"));
        }
    }

    /// <summary>After a 429 with Retry-After, the next PATCH waits at least that long.</summary>
    private static void AssertRetryAfterHonoured(IReadOnlyList<FakeRequest> requests)
    {
        var patches = requests.Where(r => r.Method == "PATCH").ToList();
        for (var i = 0; i + 1 < patches.Count; i++)
        {
            if (patches[i].Status == 429)
            {
                var gap = patches[i + 1].At - patches[i].At;
                Assert.True(
                    gap >= TimeSpan.FromSeconds(RetryAfterSeconds) - TimeSpan.FromMilliseconds(50),
                    $"A PATCH came {gap.TotalMilliseconds:F0} ms after a 429 with Retry-After: {RetryAfterSeconds} ({patches[i].At:HH:mm:ss.fff} → {patches[i + 1].At:HH:mm:ss.fff}).");
            }
        }
    }
}
