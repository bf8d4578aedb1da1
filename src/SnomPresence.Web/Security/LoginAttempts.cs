using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Security;

/// <summary>
/// Wrong logins per source address and family: admin keys sent as <c>X-Api-Key</c> spend the sign-in form's budget
/// (<c>RateLimits:SignIn</c>; the API's own limit would allow over a million guesses a day), provisioning logins
/// <c>RateLimits:ProvisioningLogin</c>. Once the budget is spent, the address may not present a login at all until
/// the window ends, so a guess cannot be confirmed either.
/// </summary>
internal sealed class LoginAttempts : IDisposable
{
    private readonly PartitionedRateLimiter<RateLimiting.Partition>? _limiter;

    public LoginAttempts(IOptions<RateLimitsOptions> options)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var admin = Window(options.Value.SignIn);
        var provisioning = Window(options.Value.ProvisioningLogin);
        _limiter = PartitionedRateLimiter.Create<RateLimiting.Partition, RateLimiting.Partition>(
            partition => RateLimitPartition.GetFixedWindowLimiter(partition, p => p.Family == RequestFamily.Provisioning ? provisioning : admin));
    }

    /// <summary>When the address has no wrong logins left for <paramref name="family"/>: how long until it may try again.</summary>
    public TimeSpan? Exhausted(HttpContext context, RequestFamily family)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(Partition(context, family), 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    public void Failed(HttpContext context, RequestFamily family) => _limiter?.AttemptAcquire(Partition(context, family)).Dispose();

    public void Dispose() => _limiter?.Dispose();

    private static FixedWindowRateLimiterOptions Window(RateLimit limit) =>
        new() { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 };

    private static RateLimiting.Partition Partition(HttpContext context, RequestFamily family) =>
        RateLimiting.Partition.Of(family, RequestFamilies.ClientAddress(context));
}
