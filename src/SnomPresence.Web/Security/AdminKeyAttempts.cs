using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Security;

/// <summary>
/// Wrong admin keys sent as <c>X-Api-Key</c>, per source address: the API's own limit would allow over a million
/// guesses a day, so wrong keys get the sign-in form's budget (<c>RateLimits:SignIn</c>). Once it is spent, the
/// address may not present a key at all until the window ends, so a guess cannot be confirmed either.
/// </summary>
internal sealed class AdminKeyAttempts : IDisposable
{
    private readonly PartitionedRateLimiter<RateLimiting.Partition>? _limiter;

    public AdminKeyAttempts(IOptions<RateLimitsOptions> options)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var limit = options.Value.SignIn;
        var window = new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 };
        _limiter = PartitionedRateLimiter.Create<RateLimiting.Partition, RateLimiting.Partition>(
            partition => RateLimitPartition.GetFixedWindowLimiter(partition, _ => window));
    }

    /// <summary>When the address has no wrong keys left: how long until it may try again.</summary>
    public TimeSpan? Exhausted(HttpContext context)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(Partition(context), 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    public void Failed(HttpContext context) => _limiter?.AttemptAcquire(Partition(context)).Dispose();

    public void Dispose() => _limiter?.Dispose();

    private static RateLimiting.Partition Partition(HttpContext context) =>
        RateLimiting.Partition.Of(RequestFamily.SignIn, RequestFamilies.ClientAddress(context));
}
