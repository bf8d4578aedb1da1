using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Pbx;

/// <summary>Which PBX presence is kept in sync with. None: the store is the truth.</summary>
public enum PbxProvider
{
    None,
    ThreeCX,
}

public sealed class PbxOptions
{
    public const string SectionName = "Pbx";

    public PbxProvider Provider { get; set; } = PbxProvider.None;

    public ThreeCxOptions ThreeCX { get; set; } = new();

    /// <summary>Among several instances, how long the one syncing with 3CX holds that job without renewing it; after a crash, the longest gap.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class ThreeCxOptions
{
    /// <summary>The 3CX web address with its port, e.g. https://pbx.example.de:5001.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API client's Client ID (Admin ▸ Integrations ▸ API).</summary>
    public string? ClientId { get; set; }

    /// <summary>The API client's key; never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>How often all users are read from 3CX to pick up changes made there.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Users asked for per page when polling; 3CX may answer fewer, and the poll reads on until it has them all.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>How often 3CX's system settings (custom status names, the DND profile of phones, version) are read again.</summary>
    public TimeSpan SettingsInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Status id → 3CX <c>CurrentProfileName</c>. Entries given in configuration replace the defaults. For <c>dnd</c>,
    /// the profile 3CX itself uses for a phone's DND key (<c>PhonesSettings.CustomDNDProfile</c>) wins when 3CX names one.
    /// </summary>
    public Dictionary<string, string> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["available"] = "Available",
        ["away"] = "Away",
        ["dnd"] = "Out of office",
        ["lunch"] = "Custom 1",
        ["business-trip"] = "Custom 2",
    };

    /// <summary>Longest wait between delivery attempts while 3CX is unreachable.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long 3CX may still apply a PATCH the sync gave up waiting for (timeout, cut connection). The user gets no
    /// newer PATCH until then, so a late one can never put an older state over a newer one.
    /// </summary>
    public TimeSpan LateWriteWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>PBX sync reports itself degraded when a change has waited this long for delivery.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromSeconds(60);
}

internal sealed class PbxOptionsValidator : IValidateOptions<PbxOptions>
{
    public ValidateOptionsResult Validate(string? name, PbxOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"Pbx:Provider '{options.Provider}' is unknown; use None or ThreeCX.");
        }

        if (options.Provider != PbxProvider.ThreeCX)
        {
            return ValidateOptionsResult.Success;
        }

        var o = options.ThreeCX;
        var failures = new List<string>();
        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Pbx:LeaseDuration '{options.LeaseDuration}' must be between 00:00:01 and 00:10:00.");
        }

        if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Pbx:ThreeCX:BaseUrl must be the 3CX address with its port, e.g. https://pbx.example.de:5001.");
        }

        if (string.IsNullOrWhiteSpace(o.ClientId))
        {
            failures.Add("Pbx:ThreeCX:ClientId must be set: the Client ID of the 3CX API client.");
        }

        if (string.IsNullOrWhiteSpace(o.ClientSecret))
        {
            failures.Add("Pbx:ThreeCX:ClientSecret must be set: the API key of the 3CX API client.");
        }

        if (o.PollInterval < TimeSpan.FromMilliseconds(100) || o.PollInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"Pbx:ThreeCX:PollInterval '{o.PollInterval}' must be between 00:00:00.1 and 01:00:00.");
        }

        if (o.PageSize is < 1 or > 10_000)
        {
            failures.Add($"Pbx:ThreeCX:PageSize '{o.PageSize}' must be between 1 and 10000.");
        }

        if (o.SettingsInterval < TimeSpan.FromMilliseconds(100) || o.SettingsInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"Pbx:ThreeCX:SettingsInterval '{o.SettingsInterval}' must be between 00:00:00.1 and 1.00:00:00.");
        }

        if (o.MaxRetryDelay <= TimeSpan.Zero)
        {
            failures.Add("Pbx:ThreeCX:MaxRetryDelay must be positive.");
        }

        if (o.LateWriteWindow < TimeSpan.Zero || o.LateWriteWindow > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Pbx:ThreeCX:LateWriteWindow '{o.LateWriteWindow}' must be between 00:00:00 and 00:10:00.");
        }

        foreach (var (statusId, profile) in o.Profiles)
        {
            if (!EnumIds.TryParse<PresenceStatus>(statusId, out _))
            {
                failures.Add($"Pbx:ThreeCX:Profiles:{statusId} is not a status; use {string.Join(", ", EnumIds.All<PresenceStatus>())}.");
            }
            else if (string.IsNullOrWhiteSpace(profile))
            {
                failures.Add($"Pbx:ThreeCX:Profiles:{statusId} must name a 3CX profile.");
            }
        }

        foreach (var duplicate in o.Profiles.GroupBy(p => p.Value, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"Pbx:ThreeCX:Profiles maps {string.Join(" and ", duplicate.Select(p => p.Key))} to the same profile '{duplicate.Key}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
