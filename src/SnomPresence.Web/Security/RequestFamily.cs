using System.Net;

namespace SnomPresence.Web.Security;

/// <summary>Who a request is for, read from its path: each family has its own allow-list, limits and error dialect.</summary>
internal enum RequestFamily
{
    Other,
    Phone,
    Provisioning,
    Admin,
    SignIn,
    Metrics,
    Health,
}

internal static class RequestFamilies
{
    public static RequestFamily Of(HttpRequest request)
    {
        var path = request.Path;
        return path.StartsWithSegments("/snom") ? RequestFamily.Phone
            : path.StartsWithSegments("/provisioning") ? RequestFamily.Provisioning
            : path.StartsWithSegments("/admin/signin") && HttpMethods.IsPost(request.Method) ? RequestFamily.SignIn
            : path.StartsWithSegments("/api") || path.StartsWithSegments("/admin") ? RequestFamily.Admin
            : path.StartsWithSegments(Hosting.MetricsRegistration.Path) ? RequestFamily.Metrics
            : path.StartsWithSegments("/health") ? RequestFamily.Health
            : RequestFamily.Other;
    }

    /// <summary>
    /// Routes called by machines that bring their own credentials (phone token, provisioning login) or need none
    /// (probes, scrapers): they never carry an admin session.
    /// </summary>
    public static bool IsMachineRoute(RequestFamily family) =>
        family is RequestFamily.Phone or RequestFamily.Provisioning or RequestFamily.Metrics or RequestFamily.Health;

    /// <summary>
    /// The caller's address as configured networks are written: an IPv4 client on a dual-stack socket arrives as
    /// <c>::ffff:a.b.c.d</c> and must match IPv4 ranges. After the forwarded-headers step, when proxies are configured.
    /// </summary>
    public static IPAddress? ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;

    /// <summary>The caller's address as log lines name it.</summary>
    public static string ClientAddressText(HttpContext context) => ClientAddress(context)?.ToString() ?? "unknown";
}
