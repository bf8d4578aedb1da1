using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SnomPresence.Web.Security;

/// <summary>
/// One fixed window per route family and source address. An IPv6 source counts per /64, the block one site or
/// one host gets, so an attacker cannot dodge the limit by walking through the addresses of its own prefix.
/// </summary>
internal static class RateLimiting
{
    public static void Configure(RateLimiterOptions options, RateLimitsOptions limits, NetworkAllowList lists)
    {
        var phone = Factory(limits.Phone);
        var provisioning = Factory(limits.Provisioning);
        var admin = Factory(limits.Admin);
        var signIn = Factory(limits.SignIn);
        var health = Factory(limits.Health);
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, Partition>(context =>
        {
            var family = RequestFamilies.Of(context);
            var factory = family switch
            {
                RequestFamily.Phone => phone,
                RequestFamily.Provisioning => provisioning,
                RequestFamily.Admin or RequestFamily.AdminPages => admin,
                RequestFamily.SignIn => signIn,
                // Probes and scrapers of the trusted networks are never limited; strangers may not make readiness read the store at will.
                RequestFamily.Health when context.GetEndpoint()?.Metadata.GetMetadata<LimitedForStrangers>() is not null
                    && !lists.Metrics.Allows(RequestFamilies.ClientAddress(context)) => health,
                _ => null,
            };
            return factory is null
                ? RateLimitPartition.GetNoLimiter(default(Partition))
                : RateLimitPartition.GetFixedWindowLimiter(Partition.Of(family, RequestFamilies.ClientAddress(context)), factory);
        });
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) => new ValueTask(RefuseAsync(context.HttpContext, context.Lease, limits));
    }

    public static RateLimit For(RateLimitsOptions limits, RequestFamily family) => family switch
    {
        RequestFamily.Phone => limits.Phone,
        RequestFamily.Provisioning => limits.Provisioning,
        RequestFamily.SignIn => limits.SignIn,
        RequestFamily.Health => limits.Health,
        _ => limits.Admin,
    };

    /// <summary>Marks a route that callers outside <c>Metrics:AllowedNetworks</c> may call only <c>RateLimits:Health</c> times.</summary>
    internal sealed record LimitedForStrangers;

    private static Func<Partition, FixedWindowRateLimiterOptions> Factory(RateLimit limit)
    {
        var options = new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 };
        return _ => options;
    }

    /// <summary>429 with Retry-After, in the dialect of the route family.</summary>
    private static Task RefuseAsync(HttpContext context, RateLimitLease lease, RateLimitsOptions limits)
    {
        var family = RequestFamilies.Of(context);
        var limit = For(limits, family);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit.Window;
        var key = $"RateLimits:{(family == RequestFamily.AdminPages ? RequestFamily.Admin : family)}";
        var logger = context.RequestServices.GetRequiredService<ILogger<RateLimitsOptions>>();
        Log.RateLimited(logger, family, RequestFamilies.ClientAddressText(context), limit.PermitLimit, limit.Window, key);
        var refusal = new Refusal(
            RefusalReason.TooManyRequests,
            StatusCodes.Status429TooManyRequests,
            string.Create(CultureInfo.InvariantCulture, $"At most {limit.PermitLimit} requests per {limit.Window} from one address ({key}); retry after {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s."))
        {
            RetryAfter = retryAfter,
        };
        return context.RequestServices.GetRequiredService<Refusals>().WriteAsync(context, refusal);
    }

    /// <summary>A route family and a source: an IPv4 address, or the /64 of an IPv6 one.</summary>
    internal readonly record struct Partition(RequestFamily Family, ulong Prefix, uint V4)
    {
        public static Partition Of(RequestFamily family, IPAddress? address)
        {
            if (address is null)
            {
                return new Partition(family, 0, 0);
            }

            Span<byte> bytes = stackalloc byte[16];
            if (!address.TryWriteBytes(bytes, out var written))
            {
                return new Partition(family, 0, 0);
            }

            return address.AddressFamily == AddressFamily.InterNetworkV6 && written == 16
                ? new Partition(family, BinaryPrimitives.ReadUInt64BigEndian(bytes), 0)
                : new Partition(family, 0, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }
    }
}
