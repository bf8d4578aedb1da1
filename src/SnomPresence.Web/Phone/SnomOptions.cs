using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone;

/// <summary>How phone screens look and where their links point.</summary>
public sealed class SnomOptions
{
    public const string SectionName = "Snom";

    /// <summary>Language of phone screens: de or en.</summary>
    public Language Language { get; set; } = Language.De;

    /// <summary>How often an open status screen reloads itself.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Snom:StatusRefresh must be between 00:00:05 and 01:00:00.")]
    public TimeSpan StatusRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// No longer used: the LED lit while DND is on is the phone's Status key's, from its model. Kept so a
    /// configuration that still sets it stops start-up with a message instead of being ignored.
    /// </summary>
    public string? DndLed { get; set; }

    [AllowedValues("red", "green", "orange", "redgreen", "greenorange", ErrorMessage = "Snom:DndLedColor must be red, green, orange, redgreen or greenorange.")]
    public string DndLedColor { get; set; } = "red";

    /// <summary>
    /// The address phones reach this service at, e.g. https://presence.example.de:5443. Links on phone screens are
    /// built from it; when empty, from the address of the phone's own request.
    /// </summary>
    [Url(ErrorMessage = "Snom:PublicBaseUrl must be an absolute http or https URL.")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>When the working day ends, for the short-term status "bis Feierabend", in <see cref="TimeZone"/>.</summary>
    public TimeOnly WorkdayEnd { get; set; } = new(17, 0);

    /// <summary>IANA or Windows time zone for times shown on phones ("bis 14:30"); empty: the server's.</summary>
    public string? TimeZone { get; set; }
}

internal sealed class SnomOptionsValidator : IValidateOptions<SnomOptions>
{
    public ValidateOptionsResult Validate(string? name, SnomOptions options)
    {
        if (!Enum.IsDefined(options.Language))
        {
            return ValidateOptionsResult.Fail($"Snom:Language '{options.Language}' is unknown; use de or en.");
        }

        if (options.DndLed is not null)
        {
            return ValidateOptionsResult.Fail(
                "Snom:DndLed is no longer a setting: the status screen lights the LED of the phone's Status key, numbered per model. Remove Snom:DndLed.");
        }

        if (!string.IsNullOrEmpty(options.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            return ValidateOptionsResult.Fail($"Snom:TimeZone '{options.TimeZone}' is not a known time zone, e.g. Europe/Berlin.");
        }

        return ValidateOptionsResult.Success;
    }
}
