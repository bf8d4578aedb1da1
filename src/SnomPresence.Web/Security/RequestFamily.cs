using System.Net;
using Microsoft.AspNetCore.Diagnostics;

namespace SnomPresence.Web.Security;

/// <summary>Who a route is for: each family has its own allow-list, limits and error dialect.</summary>
internal enum RequestFamily
{
    Other,
    Phone,
    Provisioning,
    Admin,
    AdminPages,
    SignIn,
    Metrics,
    Health,
}

/// <summary>The family of an endpoint, set on its route group.</summary>
internal sealed record RequestFamilyMetadata(RequestFamily Family);

internal static class RequestFamilies
{
    /// <summary>Declares the family of every route of <paramref name="builder"/>.</summary>
    public static TBuilder WithRequestFamily<TBuilder>(this TBuilder builder, RequestFamily family)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestFamilyMetadata(family));

    /// <summary>
    /// The family of the endpoint the request was routed to; while an exception is handled, of the endpoint that
    /// threw. Requests no route takes are <see cref="RequestFamily.Other"/>: each family's prefix has a catch-all
    /// route, so only paths outside every family end there.
    /// </summary>
    public static RequestFamily Of(HttpContext context)
    {
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        return endpoint?.Metadata.GetMetadata<RequestFamilyMetadata>()?.Family ?? RequestFamily.Other;
    }

    /// <summary>
    /// The caller's address as configured networks are written: an IPv4 client on a dual-stack socket arrives as
    /// <c>::ffff:a.b.c.d</c> and must match IPv4 ranges. After the forwarded-headers step, when proxies are configured.
    /// </summary>
    public static IPAddress? ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;

    /// <summary>The caller's address as log lines name it.</summary>
    public static string ClientAddressText(HttpContext context) => ClientAddress(context)?.ToString() ?? "unknown";
}
