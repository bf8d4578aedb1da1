using Microsoft.Extensions.Options;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Phone;

/// <summary>Which phones may use the service, and how it reaches their own web interface to keep their DND and screen current.</summary>
public sealed class PhonesOptions
{
    public const string SectionName = "Phones";

    /// <summary>
    /// Phone routes answer only phones of the inventory that send their token (from their provisioning file).
    /// Off only for a lab: anyone who can reach the service can then change anyone's presence.
    /// </summary>
    public bool RequireToken { get; set; } = true;

    /// <summary>Push status changes made elsewhere (admin, 3CX, timer) to the phones.</summary>
    public bool Push { get; set; } = true;

    /// <summary>The phones' web user (<c>http_user</c>) where the inventory has none; Basic or Digest, whichever the phone asks for.</summary>
    public string? HttpUser { get; set; }

    /// <summary>The phones' web password (<c>http_pass</c>); never logged.</summary>
    public string? HttpPassword { get; set; }

    /// <summary>How long an action URL a push makes the phone fire is recognised as that echo, not as a key press.</summary>
    public TimeSpan EchoWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The networks phones call from (addresses or CIDRs, IPv4 and IPv6); requests to /snom/* from anywhere else get
    /// 403. Empty lets every address through, and the phone tokens alone decide.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];
}

internal sealed class PhonesOptionsValidator : IValidateOptions<PhonesOptions>
{
    public ValidateOptionsResult Validate(string? name, PhonesOptions options) =>
        string.IsNullOrEmpty(options.HttpUser) != string.IsNullOrEmpty(options.HttpPassword)
            ? ValidateOptionsResult.Fail("Phones:HttpUser and Phones:HttpPassword must be set together.")
            : options.EchoWindow <= TimeSpan.Zero || options.EchoWindow > TimeSpan.FromMinutes(10)
                ? ValidateOptionsResult.Fail($"Phones:EchoWindow '{options.EchoWindow}' must be between 0 and 00:10:00.")
                : !NetworkList.TryParse(options.AllowedNetworks, "Phones:AllowedNetworks", out _, out var error)
                    ? ValidateOptionsResult.Fail(error!)
                    : ValidateOptionsResult.Success;
}
