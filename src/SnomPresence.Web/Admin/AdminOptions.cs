using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Admin;

public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public const int MinApiKeyLength = 16;

    /// <summary>The key admins send as <c>X-Api-Key</c>. Without one the admin API refuses everything.</summary>
    public string? ApiKey { get; set; }
}

internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        !string.IsNullOrEmpty(options.ApiKey) && options.ApiKey.Trim().Length < AdminOptions.MinApiKeyLength
            ? ValidateOptionsResult.Fail($"Admin:ApiKey must be at least {AdminOptions.MinApiKeyLength} characters (or unset to disable the admin API).")
            : ValidateOptionsResult.Success;
}

/// <summary>The configured admin key, compared in constant time: hashing first makes the time independent of both lengths.</summary>
internal sealed class AdminKey(IOptions<AdminOptions> options)
{
    private readonly byte[]? _keyHash = string.IsNullOrEmpty(options.Value.ApiKey?.Trim())
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey.Trim()));

    public bool Configured => _keyHash is not null;

    public bool Matches(string? sent) =>
        _keyHash is not null && !string.IsNullOrEmpty(sent) && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), _keyHash);
}

/// <summary>
/// Lets a request through with the configured key in <c>X-Api-Key</c>, or from a signed-in admin page, whose
/// changes must carry the page's anti-forgery token: a cookie alone never changes anything.
/// </summary>
internal sealed class ApiKeyFilter(AdminKey key, AdminKeyAttempts attempts, IAntiforgery antiforgery, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        string? sent = http.Request.Headers[HeaderName];
        if (!string.IsNullOrEmpty(sent) && attempts.Exhausted(http) is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            Log.AdminRequestRejected(logger, "too many wrong keys from this address");
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                title: "Too many requests",
                detail: $"Too many wrong {HeaderName} values from this address (RateLimits:SignIn); retry after {seconds} s.",
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        var signedIn = string.IsNullOrEmpty(sent) && http.User.Identity?.IsAuthenticated == true;
        var problem = !key.Configured ? "the admin API is disabled: Admin:ApiKey is not set"
            : signedIn ? await CsrfProblemAsync(http).ConfigureAwait(false)
            : string.IsNullOrEmpty(sent) ? $"the {HeaderName} header is missing"
            : !key.Matches(sent) ? $"the {HeaderName} header is wrong"
            : null;
        if (problem is null)
        {
            return await next(context).ConfigureAwait(false);
        }

        Log.AdminRequestRejected(logger, problem);
        if (key.Configured && !signedIn && !string.IsNullOrEmpty(sent))
        {
            attempts.Failed(http);
        }

        return signedIn && key.Configured
            ? TypedResults.Problem(title: "Forbidden", detail: $"The page's anti-forgery token is missing or wrong; reload the page. ({problem})", statusCode: StatusCodes.Status403Forbidden)
            : TypedResults.Problem(
                title: "Unauthorized",
                detail: $"Send the admin API key in the {HeaderName} header; {problem}.",
                statusCode: StatusCodes.Status401Unauthorized);
    }

    private async Task<string?> CsrfProblemAsync(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return null;
        }

        return await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false) ? null : "the anti-forgery token is missing or wrong";
    }
}

/// <summary>Says at start-up, once, how to switch the admin API on when no key is configured.</summary>
internal sealed class AdminApiStartupCheck(IOptions<AdminOptions> options, ILogger<AdminApiStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.ApiKey))
        {
            Log.AdminApiDisabled(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
