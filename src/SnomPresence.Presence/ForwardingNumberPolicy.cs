namespace SnomPresence.Presence;

/// <summary>
/// Which external numbers calls may be forwarded to: none that starts with a blocked prefix (premium-rate and
/// service numbers cost the office money per call), and, when allowed prefixes are given, only numbers starting
/// with one of them. A number is compared as typed, in its national form and in its international form, so
/// <c>+49900…</c> and <c>0049900…</c> are caught by <c>0900</c>, and <c>+49</c> allows <c>030…</c> but not
/// <c>0044…</c>.
/// </summary>
/// <param name="CountryCode">The office's country calling code without +, e.g. 49.</param>
public sealed record ForwardingNumberPolicy(IReadOnlyList<string> BlockedPrefixes, IReadOnlyList<string> AllowedPrefixes, string CountryCode)
{
    /// <summary>Germany's premium-rate (0900, 0137) and service (0180) numbers and directory enquiries (118xy).</summary>
    public static IReadOnlyList<string> GermanPremiumAndService { get; } = ["0900", "0137", "0180", "118"];

    public static ForwardingNumberPolicy Open { get; } = new([], [], "49");

    /// <summary>True when calls may go to <paramref name="number"/>; otherwise <paramref name="reason"/> says why, in English.</summary>
    public bool Permits(string number, out string reason)
    {
        var forms = Forms(number);
        if (BlockedPrefixes.FirstOrDefault(prefix => forms.Any(form => form.StartsWith(prefix, StringComparison.Ordinal))) is { } blocked)
        {
            reason = $"Numbers starting with {blocked} may not be a forwarding target (Forwarding:BlockedPrefixes).";
            return false;
        }

        if (AllowedPrefixes.Count > 0 && !AllowedPrefixes.Any(prefix => forms.Any(form => form.StartsWith(prefix, StringComparison.Ordinal))))
        {
            reason = $"Only numbers starting with {string.Join(", ", AllowedPrefixes)} may be a forwarding target (Forwarding:AllowedPrefixes).";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>The number as typed, in national form (when in the office's own country) and in international form.</summary>
    private string[] Forms(string number)
    {
        var international = number.StartsWith('+') ? number
            : number.StartsWith("00", StringComparison.Ordinal) ? "+" + number[2..]
            : number.StartsWith('0') ? "+" + CountryCode + number[1..]
            : number;
        var own = "+" + CountryCode;
        return international.StartsWith(own, StringComparison.Ordinal) ? [number, "0" + international[own.Length..], international] : [number, international];
    }
}
