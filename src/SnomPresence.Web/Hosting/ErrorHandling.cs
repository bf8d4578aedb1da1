using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;
using SnomPresence.Web.Phone;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Hosting;

internal static class ErrorHandling
{
    /// <summary>
    /// The two error dialects: phones get a Snom XML screen, everyone else ProblemDetails. Unreadable request
    /// bodies surface as exceptions so their answer can name the JSON field.
    /// </summary>
    public static IHostApplicationBuilder AddErrorHandling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<PhoneExceptionHandler>();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<ConflictExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options =>
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        return builder;
    }

    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>A phone never sees a stack trace: any failure on a phone route becomes a readable Snom XML screen.</summary>
internal sealed class PhoneExceptionHandler(ILogger<PhoneExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (RequestFamilies.Of(httpContext) != RequestFamily.Phone)
        {
            return false;
        }

        Log.PhoneRequestFailed(logger, exception);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        var language = PhoneContext.For(httpContext).Language;
        await PhoneScreens.Error(new PhoneProblem(PhoneProblemKind.Unavailable), language).ToResult().ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}

/// <summary>Answers an unreadable request (bad JSON, wrong types) with 400 ProblemDetails naming the field.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems, IOptions<RequestLimitsOptions> limits) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        // Kestrel found a body without a length over its limit while reading it.
        if (badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var (limit, key) = RequestSizeLimitsMiddleware.BodyLimit(httpContext.Request, RequestFamilies.Of(httpContext), limits.Value);
            await RequestSizeLimitsMiddleware.RefuseBodyAsync(httpContext, key, limit).ConfigureAwait(false);
            return true;
        }

        var field = exception.InnerException is JsonException { Path: { Length: > 0 } path } ? path.TrimStart('$', '.') : "body";
        var detail = exception.InnerException is JsonException json ? json.Message : exception.Message;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [string.IsNullOrEmpty(field) ? "body" : field] = [detail] })
            {
                Title = "The request could not be read.",
                Status = badRequest.StatusCode,
            },
        }).ConfigureAwait(false);
    }
}

/// <summary>
/// A change that lost the race for its extension on every attempt was not stored: the admin gets 409 and may send
/// it again, instead of a 500 that reads like a fault.
/// </summary>
internal sealed class ConflictExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PresenceConflictException conflict)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Title = "The extension kept changing",
                Status = StatusCodes.Status409Conflict,
                Detail = $"Extension {conflict.Extension} changed concurrently on every attempt; this change was not stored. Send it again.",
            },
        }).ConfigureAwait(false);
    }
}
