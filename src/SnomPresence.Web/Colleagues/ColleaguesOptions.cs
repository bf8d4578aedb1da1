using System.ComponentModel.DataAnnotations;

namespace SnomPresence.Web.Colleagues;

/// <summary>What a phone shows of colleagues.</summary>
public sealed class ColleaguesOptions
{
    public const string SectionName = "Colleagues";

    /// <summary>Whether a colleague's detail says where their calls go. Off by default: that is the colleague's business.</summary>
    public bool ShowForwarding { get; set; }

    /// <summary>How often an open colleagues page reloads itself, so a colleague's change shows within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00", ErrorMessage = "Colleagues:Refresh must be between 00:00:05 and 00:30:00.")]
    public TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Colleagues per page; longer lists page with Weiter/Zurück.</summary>
    [Range(5, 100, ErrorMessage = "Colleagues:PageSize must be between 5 and 100.")]
    public int PageSize { get; set; } = 20;
}
