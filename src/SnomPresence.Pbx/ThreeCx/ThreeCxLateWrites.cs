using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// PATCHes whose outcome is unknown: the attempt timed out or the connection broke after the request went out. 3CX
/// may still apply such a PATCH later; had a newer state been sent meanwhile, the late one would put the older state
/// back. So a user gets no PATCH until its last uncertain one can no longer land (<see cref="ThreeCxOptions.LateWriteWindow"/>).
/// The same holds for every user when this instance takes over the sync: the process before it (killed, or another
/// instance) may have left such PATCHes, and what they were is lost with it.
/// </summary>
internal sealed class ThreeCxLateWrites(IOptions<PbxOptions> options, TimeProvider time)
{
    /// <summary>The 3CX user id a PATCH writes to, carried on the request for <see cref="NoteLateWriteHandler"/>.</summary>
    public static readonly HttpRequestOptionsKey<int> UserId = new("SnomPresence.3cx-user");

    private readonly ConcurrentDictionary<int, DateTimeOffset> _heldUntil = new();
    private long _allHeldUntil;

    public void Note(int userId) => _heldUntil[userId] = time.GetUtcNow() + options.Value.ThreeCX.LateWriteWindow;

    /// <summary>Holds every user for the window: this instance just took over the sync.</summary>
    public void HoldAll() => Interlocked.Exchange(ref _allHeldUntil, (time.GetUtcNow() + options.Value.ThreeCX.LateWriteWindow).UtcTicks);

    /// <summary>Until when <paramref name="userId"/> must not be written to, or null when it may be now.</summary>
    public DateTimeOffset? HeldUntil(int userId)
    {
        if (AllHeldUntil() is { } all)
        {
            return _heldUntil.TryGetValue(userId, out var own) && own > all ? own : all;
        }

        if (!_heldUntil.TryGetValue(userId, out var until))
        {
            return null;
        }

        if (until > time.GetUtcNow())
        {
            return until;
        }

        _heldUntil.TryRemove(new KeyValuePair<int, DateTimeOffset>(userId, until));
        return null;
    }

    /// <summary>The earliest moment a held user may be written to again, to wake the delivery worker then; ended holds are dropped.</summary>
    public DateTimeOffset? NextRelease()
    {
        var now = time.GetUtcNow();
        DateTimeOffset? next = AllHeldUntil();
        foreach (var (userId, until) in _heldUntil)
        {
            if (until <= now)
            {
                _heldUntil.TryRemove(new KeyValuePair<int, DateTimeOffset>(userId, until));
            }
            else if (next is null || until < next)
            {
                next = until;
            }
        }

        return next;
    }

    private DateTimeOffset? AllHeldUntil()
    {
        var until = new DateTimeOffset(Interlocked.Read(ref _allHeldUntil), TimeSpan.Zero);
        return until > time.GetUtcNow() ? until : null;
    }
}

/// <summary>Notes each PATCH attempt that may have reached 3CX without an answer; inside the resilience handler, so every attempt counts.</summary>
internal sealed class NoteLateWriteHandler(ThreeCxLateWrites lateWrites) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (request.Options.TryGetValue(ThreeCxLateWrites.UserId, out var userId) && MayHaveArrived(ex))
        {
            lateWrites.Note(userId);
            throw;
        }
    }

    // A refused or failed connection never carried the request; a timeout or a cut answer may have.
    private static bool MayHaveArrived(Exception error) =>
        error is OperationCanceledException || (error is HttpRequestException { HttpRequestError: var kind } && kind is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError));
}
