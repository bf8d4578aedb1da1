using System.Net;

namespace SnomPresence.Pbx.ThreeCx;

/// <summary>
/// The moment 3CX last asked us to come back (Retry-After on 429 or 503), for every call to it. The standard
/// retry honours Retry-After between its own attempts, but a call that gave up meanwhile (total timeout, attempts
/// used up) is started again by the delivery worker's backoff or the next poll, far sooner than 3CX asked.
/// </summary>
internal sealed class ThreeCxRetryAfter(TimeProvider time)
{
    // A broken clock or header must not stop the sync for hours.
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(10);

    private long _notBefore;

    public void Note(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } retryAfter)
        {
            return;
        }

        var now = time.GetUtcNow();
        var until = retryAfter.Delta is { } delta ? now + delta : retryAfter.Date ?? now;
        var ticks = Math.Min(until.UtcTicks, (now + Longest).UtcTicks);
        for (var seen = Interlocked.Read(ref _notBefore); ticks > seen;)
        {
            var before = Interlocked.CompareExchange(ref _notBefore, ticks, seen);
            if (before == seen)
            {
                break;
            }

            seen = before;
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var wait = new DateTimeOffset(Interlocked.Read(ref _notBefore), TimeSpan.Zero) - time.GetUtcNow();
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}

/// <summary>Holds each call until 3CX's Retry-After has passed; outside the resilience handler, so waiting uses up no timeout.</summary>
internal sealed class WaitForRetryAfterHandler(ThreeCxRetryAfter retryAfter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await retryAfter.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Notes Retry-After from every attempt; inside the resilience handler, so answers its retries swallow count too.</summary>
internal sealed class NoteRetryAfterHandler(ThreeCxRetryAfter retryAfter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        retryAfter.Note(response);
        return response;
    }
}
