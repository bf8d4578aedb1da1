using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.RateLimiting;
using SnomPresence.Web.AdminUi;
using SnomPresence.Web.Phone;

namespace SnomPresence.Web.Security;

/// <summary>
/// One fixed window per route family and source address. An IPv6 source counts per /64, the block one site or
/// one host gets, so an attacker cannot dodge the limit by walking through the addresses of its own prefix.
/// </summary>
internal static class RateLimiting
{
    public static void Configure(RateLimiterOptions options, RateLimitsOptions limits)
    {
        var phone = Factory(limits.Phone);
        var provisioning = Factory(limits.Provisioning);
        var admin = Factory(limits.Admin);
        var signIn = Factory(limits.SignIn);
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, Partition>(context =>
        {
            var family = RequestFamilies.Of(context.Request);
            var factory = family switch
            {
                RequestFamily.Phone => phone,
                RequestFamily.Provisioning => provisioning,
                RequestFamily.Admin => admin,
                RequestFamily.SignIn => signIn,
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
        _ => limits.Admin,
    };

    private static Func<Partition, FixedWindowRateLimiterOptions> Factory(RateLimit limit)
    {
        var options = new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 };
        return _ => options;
    }

    /// <summary>429 with Retry-After, in the dialect of the route family.</summary>
    private static async Task RefuseAsync(HttpContext context, RateLimitLease lease, RateLimitsOptions limits)
    {
        var family = RequestFamilies.Of(context.Request);
        var limit = For(limits, family);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var logger = context.RequestServices.GetRequiredService<ILogger<RateLimitsOptions>>();
        Log.RateLimited(logger, family, RequestFamilies.ClientAddressText(context), limit.PermitLimit, limit.Window, $"RateLimits:{family}");
        switch (family)
        {
            case RequestFamily.Phone:
                await PhoneScreens.Refusal(PhoneContext.For(context).Language, texts => texts.ErrorTooManyRequests, seconds)
                    .ToResult(StatusCodes.Status429TooManyRequests).ExecuteAsync(context).ConfigureAwait(false);
                break;
            case RequestFamily.SignIn:
                var texts = AdminUiTexts.For(AdminUiTexts.LanguageOf(context.Request));
                var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
                await AdminPages.SignIn(
                        context,
                        context.RequestServices.GetRequiredService<IAntiforgery>(),
                        string.Format(CultureInfo.InvariantCulture, texts.TooManyAttempts, minutes),
                        StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(context).ConfigureAwait(false);
                break;
            case RequestFamily.Admin:
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Title = "Too many requests",
                        Status = StatusCodes.Status429TooManyRequests,
                        Detail = string.Create(CultureInfo.InvariantCulture,
                            $"At most {limit.PermitLimit} requests per {limit.Window} from one address (RateLimits:Admin); retry after {seconds} s."),
                    },
                }).ConfigureAwait(false);
                break;
        }
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
