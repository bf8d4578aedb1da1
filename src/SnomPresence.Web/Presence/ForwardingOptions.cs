using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Presence;

/// <summary>The office's policy for external forwarding numbers, typed on phones or sent to the admin API.</summary>
public sealed class ForwardingOptions
{
    public const string SectionName = "Forwarding";

    /// <summary>
    /// Prefixes no forwarding number may start with; unset for Germany's premium-rate and service numbers
    /// (0900, 0137, 0180, 118). <c>Forwarding:BlockedPrefixes:0=</c> (empty) blocks none.
    /// </summary>
    public List<string>? BlockedPrefixes { get; set; }

    /// <summary>When set, forwarding numbers must start with one of these, e.g. <c>0</c> for national numbers only.</summary>
    public List<string>? AllowedPrefixes { get; set; }

    /// <summary>The office's country calling code, so <c>+49…</c> and <c>0049…</c> numbers are also checked in their national form.</summary>
    public string CountryCode { get; set; } = "49";

    internal ForwardingNumberPolicy ToPolicy() => new(
        [.. (BlockedPrefixes ?? [.. ForwardingNumberPolicy.GermanPremiumAndService]).Where(p => p.Length > 0)],
        [.. (AllowedPrefixes ?? []).Where(p => p.Length > 0)],
        CountryCode);
}

internal sealed class ForwardingOptionsValidator : IValidateOptions<ForwardingOptions>
{
    public ValidateOptionsResult Validate(string? name, ForwardingOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, prefixes) in new[] { ("BlockedPrefixes", options.BlockedPrefixes), ("AllowedPrefixes", options.AllowedPrefixes) })
        {
            for (var i = 0; i < (prefixes?.Count ?? 0); i++)
            {
                var prefix = prefixes![i];
                if (prefix.Length > 0 && (prefix.Length > 20 || !(prefix.TrimStart('+').Length > 0 && prefix.TrimStart('+').All(char.IsAsciiDigit) && prefix.LastIndexOf('+') <= 0)))
                {
                    errors.Add($"Forwarding:{key}:{i} '{prefix}' must be digits, with an optional leading +.");
                }
            }
        }

        if (options.CountryCode is not { Length: >= 1 and <= 3 } code || !code.All(char.IsAsciiDigit))
        {
            errors.Add($"Forwarding:CountryCode '{options.CountryCode}' must be 1 to 3 digits, without + (49 for Germany).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
