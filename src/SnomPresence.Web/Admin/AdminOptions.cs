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
