using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

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

/// <summary>Lets a request through only with the configured key in <c>X-Api-Key</c>, compared in constant time.</summary>
internal sealed class ApiKeyFilter : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    // Hashing first makes the comparison independent of both keys' lengths.
    private readonly byte[]? _keyHash;
    private readonly ILogger<ApiKeyFilter> _logger;

    public ApiKeyFilter(IOptions<AdminOptions> options, ILogger<ApiKeyFilter> logger)
    {
        var key = options.Value.ApiKey?.Trim();
        _keyHash = string.IsNullOrEmpty(key) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key));
        _logger = logger;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        string? sent = context.HttpContext.Request.Headers[HeaderName];
        var problem = _keyHash is null ? "the admin API is disabled: Admin:ApiKey is not set"
            : string.IsNullOrEmpty(sent) ? $"the {HeaderName} header is missing"
            : !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), _keyHash) ? $"the {HeaderName} header is wrong"
            : null;
        if (problem is null)
        {
            return await next(context).ConfigureAwait(false);
        }

        Log.AdminRequestRejected(_logger, problem);
        return TypedResults.Problem(
            title: "Unauthorized",
            detail: $"Send the admin API key in the {HeaderName} header; {problem}.",
            statusCode: StatusCodes.Status401Unauthorized);
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
