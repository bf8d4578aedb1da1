using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Security;

/// <summary>
/// Requests per source address: at most <see cref="RateLimit.PermitLimit"/> in each <see cref="RateLimit.Window"/>,
/// per route family. The defaults and why they are what they are: README, "Limits".
/// </summary>
public sealed class RateLimitsOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Off only where a proxy in front limits already; tests and benchmarks lift the limits instead.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// /snom/*: a phone refreshes its status screen every <c>Snom:StatusRefresh</c> and fires a few requests per key
    /// press; a site of 300 phones behind one NAT address refreshing every 5 s makes 60 a second.
    /// </summary>
    public RateLimit Phone { get; } = new() { PermitLimit = 600, Window = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// /provisioning/*: a boot storm (power back, a firmware roll-out) of every phone of a site behind one NAT address,
    /// two files each; 1,000 phones fit in one minute.
    /// </summary>
    public RateLimit Provisioning { get; } = new() { PermitLimit = 2000, Window = TimeSpan.FromMinutes(1) };

    /// <summary>/api/* and the signed-in admin pages: scripts and the board, 20 a second on average.</summary>
    public RateLimit Admin { get; } = new() { PermitLimit = 1200, Window = TimeSpan.FromMinutes(1) };

    /// <summary>POST /admin/signin: an admin who mistypes a few times is fine; guessing the key is not.</summary>
    public RateLimit SignIn { get; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// Wrong provisioning logins: phones send theirs unattended and get it right, so only a misconfigured site or a
    /// guesser fails; a few phones of a site behind one address may retry a stale login before they are fixed.
    /// </summary>
    public RateLimit ProvisioningLogin { get; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// /health/ready from outside <c>Metrics:AllowedNetworks</c>: it reads the store, so strangers may not make it
    /// do so at will. Probes from the allowed networks are never limited, nor is /health/live.
    /// </summary>
    public RateLimit Health { get; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };
}

public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}

internal sealed class RateLimitsOptionsValidator : IValidateOptions<RateLimitsOptions>
{
    private const int MaxPermits = 10_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitsOptions options)
    {
        var errors = new List<string>();
        Check(options.Phone, nameof(options.Phone), errors);
        Check(options.Provisioning, nameof(options.Provisioning), errors);
        Check(options.Admin, nameof(options.Admin), errors);
        Check(options.SignIn, nameof(options.SignIn), errors);
        Check(options.ProvisioningLogin, nameof(options.ProvisioningLogin), errors);
        Check(options.Health, nameof(options.Health), errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(RateLimit limit, string family, List<string> errors)
    {
        if (limit.PermitLimit is < 1 or > MaxPermits)
        {
            errors.Add($"RateLimits:{family}:PermitLimit '{limit.PermitLimit}' must be between 1 and {MaxPermits}.");
        }

        if (limit.Window < TimeSpan.FromSeconds(1) || limit.Window > TimeSpan.FromHours(1))
        {
            errors.Add($"RateLimits:{family}:Window '{limit.Window}' must be between 00:00:01 and 01:00:00.");
        }
    }
}
