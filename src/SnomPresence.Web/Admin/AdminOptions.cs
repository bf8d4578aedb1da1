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

    /// <summary>How long a signed-in admin session lasts at most, however active; then the admin signs in again.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}

internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        !string.IsNullOrEmpty(options.ApiKey) && options.ApiKey.Trim().Length < AdminOptions.MinApiKeyLength
            ? ValidateOptionsResult.Fail($"Admin:ApiKey must be at least {AdminOptions.MinApiKeyLength} characters (or unset to disable the admin API).")
            : options.SessionLifetime < TimeSpan.FromMinutes(5) || options.SessionLifetime > TimeSpan.FromDays(7)
                ? ValidateOptionsResult.Fail($"Admin:SessionLifetime '{options.SessionLifetime}' must be between 00:05:00 and 7.00:00:00.")
                : ValidateOptionsResult.Success;
}

/// <summary>The configured admin key, compared in constant time: hashing first makes the time independent of both lengths.</summary>
internal sealed class AdminKey(IOptions<AdminOptions> options)
{
    private readonly byte[]? _keyHash = string.IsNullOrEmpty(options.Value.ApiKey?.Trim())
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey.Trim()));

    public bool Configured => _keyHash is not null;

    /// <summary>What admin sessions remember of the key they began with: a changed key ends them. Reveals nothing of the key.</summary>
    public string Stamp { get; } = string.IsNullOrEmpty(options.Value.ApiKey?.Trim())
        ? string.Empty
        : Convert.ToHexString(HMACSHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey.Trim())), "admin session"u8))[..32];

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
