using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Security;

/// <summary>
/// Refuses requests larger than <see cref="RequestLimitsOptions"/> allow before a handler reads them: phones get a
/// Snom screen with 414 (query) or 413 (body), everyone else ProblemDetails naming the limit. Bodies sent without a
/// length are cut off by Kestrel at the same limit while being read.
/// </summary>
internal sealed class RequestSizeLimitsMiddleware(
    RequestDelegate next, IOptions<RequestLimitsOptions> options, ILogger<RequestLimitsOptions> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var family = RequestFamilies.Of(context);
        var limits = options.Value;
        if (family == RequestFamily.Phone && request.QueryString.Value is { } query && query.Length > limits.PhoneQueryLength)
        {
            Log.RequestTooLarge(logger, family, RequestFamilies.ClientAddressText(context), "RequestLimits:PhoneQueryLength", query.Length, limits.PhoneQueryLength);
            return context.RequestServices.GetRequiredService<Refusals>().WriteAsync(context, new Refusal(
                RefusalReason.TooLarge, StatusCodes.Status414UriTooLong, $"At most {limits.PhoneQueryLength} characters (RequestLimits:PhoneQueryLength)."));
        }

        var (limit, key) = BodyLimit(request, family, limits);
        if (request.ContentLength is { } length && length > limit)
        {
            Log.RequestTooLarge(logger, family, RequestFamilies.ClientAddressText(context), key, length, limit);
            return RefuseBodyAsync(context, key, limit);
        }

        var lengthUnknown = request.ContentLength is null && request.Headers.TransferEncoding.Count > 0;
        if (request.ContentLength is null or 0 && !lengthUnknown)
        {
            return next(context);
        }

        // Kestrel reads bodies up to its own limit, AdminBodyBytes; imports may be larger, phones' are smaller.
        if (limit != limits.AdminBodyBytes && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return lengthUnknown ? UnknownLengthAsync(context, family, key, limit) : next(context);
    }

    /// <summary>
    /// Minimal API handlers answer a body Kestrel cut off with a bare 413; the caller still learns which limit it hit.
    /// </summary>
    private async Task UnknownLengthAsync(HttpContext context, RequestFamily family, string key, long limit)
    {
        await next(context).ConfigureAwait(false);
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            Log.RequestTooLarge(logger, family, RequestFamilies.ClientAddressText(context), key, -1, limit);
            await RefuseBodyAsync(context, key, limit).ConfigureAwait(false);
        }
    }

    /// <summary>The body limit of a request and the key that sets it.</summary>
    public static (long Limit, string Key) BodyLimit(HttpRequest request, RequestFamily family, RequestLimitsOptions limits) => family switch
    {
        RequestFamily.Phone or RequestFamily.Provisioning => (limits.PhoneBodyBytes, "RequestLimits:PhoneBodyBytes"),
        _ when request.Path.StartsWithSegments("/api/phones/import") => (limits.ImportBodyBytes, "RequestLimits:ImportBodyBytes"),
        _ => (limits.AdminBodyBytes, "RequestLimits:AdminBodyBytes"),
    };

    /// <summary>The ProblemDetails (or phone screen) for a body over its limit; also used when Kestrel finds out while reading.</summary>
    public static Task RefuseBodyAsync(HttpContext context, string key, long limit) =>
        context.RequestServices.GetRequiredService<Refusals>().WriteAsync(context, new Refusal(
            RefusalReason.TooLarge, StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"At most {limit} bytes ({key})."))
        {
            Extensions = new Dictionary<string, object?> { ["limit"] = key, ["maxBytes"] = limit },
        });
}
