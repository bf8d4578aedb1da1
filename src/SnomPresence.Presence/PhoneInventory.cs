using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SnomPresence.Presence;

/// <summary>A phone's MAC address: 12 upper-case hex digits, as Snom writes it in <c>$mac</c> and in file names.</summary>
public readonly record struct MacAddress
{
    private MacAddress(string value) => Value = value;

    public string Value { get; }

    /// <summary>
    /// Accepts exactly the ways MACs are written: 000413A11FA7, 00:04:13:a1:1f:a7, 00-04-13-A1-1F-A7 (one separator
    /// throughout) or 0004.13a1.1fa7; any case.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MacAddress mac)
    {
        mac = default;
        var (step, separator) = text?.Length switch
        {
            12 => (12, '\0'),
            17 when text[2] is ':' or '-' => (2, text[2]),
            14 => (4, '.'),
            _ => (0, '\0'),
        };
        if (step == 0)
        {
            return false;
        }

        Span<char> digits = stackalloc char[12];
        var count = 0;
        for (var i = 0; i < text!.Length; i++)
        {
            var c = text[i];
            // Separators stand after every group of step digits, and only there.
            var separatorHere = step < 12 && (i + 1) % (step + 1) == 0;
            if (separatorHere ? c != separator : !char.IsAsciiHexDigit(c))
            {
                return false;
            }

            if (!separatorHere)
            {
                digits[count++] = char.ToUpperInvariant(c);
            }
        }

        mac = new MacAddress(new string(digits));
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address: 12 hex digits.");

    public override string ToString() => Value ?? string.Empty;
}

/// <summary>A Snom desk-phone model as it names itself in provisioning requests (<c>snomD785</c>): D785, D385, D865, D895M…</summary>
public readonly partial record struct PhoneModel
{
    private PhoneModel(string value) => Value = value;

    public string Value { get; }

    /// <summary>The family whose template serves the model: D1xx, D3xx, D7xx or D8xx.</summary>
    public string Family => string.Concat(Value.AsSpan(0, 2), "xx");

    /// <summary>Accepts D785, d785 and snomD785.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out PhoneModel model)
    {
        model = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var name = text.StartsWith("snom", StringComparison.OrdinalIgnoreCase) ? text[4..] : text;
        if (!Pattern().IsMatch(name))
        {
            return false;
        }

        model = new PhoneModel(name.ToUpperInvariant());
        return true;
    }

    public static PhoneModel Parse(string text) =>
        TryParse(text, out var model) ? model : throw new FormatException($"'{text}' is not a Snom desk-phone model such as D785.");

    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex("^[Dd][1-9][0-9]{2}[A-Za-z]?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>The phone's own web interface login (<c>http_user</c>/<c>http_pass</c>), used to push to it. Never shown or logged.</summary>
public sealed record PhoneWebLogin(string User, string Password)
{
    public override string ToString() => $"{User} (password hidden)";
}

/// <summary>
/// A secret the phone sends with every request (<c>token</c>); it comes from the phone's provisioning file. After a
/// rotation the previous token stays valid until <see cref="PreviousValidUntil"/>, so phones keep working until
/// they fetch their new settings.
/// </summary>
public sealed record PhoneToken(string Current, string? Previous, DateTimeOffset? PreviousValidUntil)
{
    /// <summary>192 random bits, URL-safe, so it can sit in a query string unescaped.</summary>
    public static PhoneToken New() => new(Generate(), null, null);

    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    public PhoneToken Rotate(DateTimeOffset previousValidUntil) => new(Generate(), Current, previousValidUntil);

    /// <summary>Compares in constant time, so response timing tells nothing about how much of a guess was right.</summary>
    public bool Accepts(string? presented, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var current = FixedTimeEquals(Current, presented);
        var previous = Previous is not null && PreviousValidUntil > now && FixedTimeEquals(Previous, presented);
        return current | previous;
    }

    public override string ToString() => "(token hidden)";

    // Compared as the strings' own UTF-16 bytes: no copies per request, and a token is plain ASCII either way.
    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected.AsSpan()), MemoryMarshal.AsBytes(presented.AsSpan()));
}

/// <summary>A phone in the inventory: what it is, which extensions it serves, and the secrets it is provisioned with.</summary>
/// <param name="Extensions">The identities on the phone, in identity order (the first is identity 1).</param>
/// <param name="Language">The phone's language; null for the office default.</param>
/// <param name="WebLogin">The phone's web login for pushes; null to use <c>Phones:HttpUser</c>.</param>
/// <param name="EnrollmentUntil">
/// Until when the shared enrollment login may fetch this phone's settings: set when the phone is added or its
/// token rotated, cleared once the phone fetched them with its own login. Null: enrollment is over.
/// </param>
public sealed record ProvisionedPhone(
    MacAddress Mac,
    PhoneModel Model,
    IReadOnlyList<Extension> Extensions,
    string? DisplayName,
    Language? Language,
    PhoneWebLogin? WebLogin,
    PhoneToken Token,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EnrollmentUntil = null)
{
    public bool Enrolling(DateTimeOffset now) => EnrollmentUntil > now;

    /// <summary>The longest display name; a D1xx idle line shows far fewer characters anyway.</summary>
    public const int MaxDisplayNameLength = 64;

    /// <summary>The most identities a phone carries here; Snom desk phones have up to 12.</summary>
    public const int MaxExtensions = 12;

    public bool Serves(Extension extension) => Extensions.Contains(extension);

    public override string ToString() => $"{Model} {Mac}";
}

/// <summary>The phones known to the service, with their provisioning data. Stores keep it durable.</summary>
public interface IPhoneInventory
{
    Task<ProvisionedPhone?> GetAsync(MacAddress mac, CancellationToken cancellationToken);

    /// <summary>All phones, ordered by MAC.</summary>
    Task<IReadOnlyList<ProvisionedPhone>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces the phones, all or none.</summary>
    Task SaveAsync(IReadOnlyList<ProvisionedPhone> phones, CancellationToken cancellationToken);

    /// <summary>Removes the phone; false when it was not there.</summary>
    Task<bool> DeleteAsync(MacAddress mac, CancellationToken cancellationToken);
}
