using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Phone.Push;

/// <summary>How the service reaches the phones' own web interface to keep their DND and screen current.</summary>
public sealed class PhonePushOptions
{
    public const string SectionName = "Phones";

    /// <summary>Push status changes made elsewhere (admin, 3CX, timer) to the phones.</summary>
    public bool Push { get; set; } = true;

    /// <summary>The phones' web user (<c>http_user</c>); Basic or Digest, whichever the phone asks for.</summary>
    public string? HttpUser { get; set; }

    /// <summary>The phones' web password (<c>http_pass</c>); never logged.</summary>
    public string? HttpPassword { get; set; }

    /// <summary>How long an action URL a push makes the phone fire is recognised as that echo, not as a key press.</summary>
    public TimeSpan EchoWindow { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class PhonePushOptionsValidator : IValidateOptions<PhonePushOptions>
{
    public ValidateOptionsResult Validate(string? name, PhonePushOptions options) =>
        string.IsNullOrEmpty(options.HttpUser) != string.IsNullOrEmpty(options.HttpPassword)
            ? ValidateOptionsResult.Fail("Phones:HttpUser and Phones:HttpPassword must be set together.")
            : options.EchoWindow <= TimeSpan.Zero || options.EchoWindow > TimeSpan.FromMinutes(10)
                ? ValidateOptionsResult.Fail($"Phones:EchoWindow '{options.EchoWindow}' must be between 0 and 00:10:00.")
                : ValidateOptionsResult.Success;
}
