using Microsoft.Extensions.Options;

namespace SnomPresence.Web.Security;

/// <summary>How large a request may be. Kestrel refuses larger header blocks and request lines before any code runs.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "RequestLimits";

    /// <summary>The query string of a phone request, in characters; the longest link the service builds is about 300.</summary>
    public int PhoneQueryLength { get; set; } = 2048;

    /// <summary>A request body on the admin API and pages (JSON, forms), and the limit for anything not listed here.</summary>
    public long AdminBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The CSV of <c>POST /api/phones/import</c>: a row takes about 100 bytes, so 100,000 phones fit.</summary>
    public long ImportBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Request bodies to /snom/* and /provisioning/*, which phones never send.</summary>
    public long PhoneBodyBytes { get; set; } = 4096;

    /// <summary>All request headers together (Kestrel <c>MaxRequestHeadersTotalSize</c>).</summary>
    public int HeaderBytes { get; set; } = 32 * 1024;

    /// <summary>The request line: method, path and query (Kestrel <c>MaxRequestLineSize</c>).</summary>
    public int RequestLineBytes { get; set; } = 8 * 1024;
}

internal sealed class RequestLimitsOptionsValidator : IValidateOptions<RequestLimitsOptions>
{
    // Method, path and protocol around the query: the phone's limit must be reachable before Kestrel's.
    private const int RequestLineMargin = 1024;

    public ValidateOptionsResult Validate(string? name, RequestLimitsOptions options)
    {
        var errors = new List<string>();
        Range(options.PhoneQueryLength, 256, 64 * 1024, "PhoneQueryLength", errors);
        Range(options.AdminBodyBytes, 1024, 256L * 1024 * 1024, "AdminBodyBytes", errors);
        Range(options.ImportBodyBytes, 1024, 1024L * 1024 * 1024, "ImportBodyBytes", errors);
        Range(options.PhoneBodyBytes, 0, 1024 * 1024, "PhoneBodyBytes", errors);
        Range(options.HeaderBytes, 4096, 1024 * 1024, "HeaderBytes", errors);
        Range(options.RequestLineBytes, 1024, 128 * 1024, "RequestLineBytes", errors);
        if (errors.Count == 0 && options.PhoneQueryLength + RequestLineMargin > options.RequestLineBytes)
        {
            errors.Add($"RequestLimits:RequestLineBytes '{options.RequestLineBytes}' must be at least RequestLimits:PhoneQueryLength + {RequestLineMargin} ({options.PhoneQueryLength + RequestLineMargin}), so a phone gets a readable screen for a too long query.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(long value, long min, long max, string key, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"RequestLimits:{key} '{value}' must be between {min} and {max}.");
        }
    }
}
