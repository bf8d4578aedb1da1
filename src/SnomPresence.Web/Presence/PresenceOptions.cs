using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Presence;

/// <summary>Office-specific presence settings.</summary>
public sealed class PresenceOptions
{
    public const string SectionName = "Presence";

    public const int MaxLabelLength = 24;

    /// <summary>
    /// Renamed statuses per language, e.g. <c>Presence:Labels:business-trip:de = Urlaub</c>. Only lunch and
    /// business-trip can be renamed, as in 3CX.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Labels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    internal StatusLabels ToStatusLabels() =>
        new(Labels.SelectMany(status => status.Value.Select(language => (
                Key: (EnumIds.Parse<PresenceStatus>(status.Key), EnumIds.Parse<Language>(language.Key)),
                Label: language.Value.Trim())))
            .ToDictionary(p => p.Key, p => p.Label));
}

internal sealed class PresenceOptionsValidator : IValidateOptions<PresenceOptions>
{
    public ValidateOptionsResult Validate(string? name, PresenceOptions options)
    {
        var failures = new List<string>();
        foreach (var (statusId, byLanguage) in options.Labels)
        {
            if (!EnumIds.TryParse<PresenceStatus>(statusId, out var status) || !StatusLabels.Renamable.Contains(status))
            {
                failures.Add($"Presence:Labels:{statusId} cannot be set: only lunch and business-trip can be renamed.");
                continue;
            }

            foreach (var (languageId, label) in byLanguage)
            {
                var key = $"Presence:Labels:{statusId}:{languageId}";
                if (!EnumIds.TryParse<Language>(languageId, out _))
                {
                    failures.Add($"{key}: '{languageId}' is not a language; use de or en.");
                }
                else if (string.IsNullOrWhiteSpace(label) || label.Trim().Length > PresenceOptions.MaxLabelLength)
                {
                    failures.Add($"{key} must be 1 to {PresenceOptions.MaxLabelLength} characters.");
                }
                else if (!DisplayText.IsPlain(label))
                {
                    failures.Add($"{key} must not contain control characters such as line breaks, or broken characters.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
