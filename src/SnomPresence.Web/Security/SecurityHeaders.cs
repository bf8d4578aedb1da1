using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SnomPresence.Web.Security;

/// <summary>
/// Marks a page built by a library that needs more than the admin pages' policy: the interactive API reference starts
/// with an inline module script and its bundle injects its stylesheet and style attributes at run time. On that page
/// only, its inline scripts are allowed by their hashes (nothing else inline runs) and inline styles are allowed;
/// everything is still loaded from this service only, so an injected style cannot reach anywhere else either.
/// </summary>
internal sealed record InlineScriptsByHash;

/// <summary>
/// What browsers are told about the admin pages: load nothing from elsewhere, never inside a frame, never guess a
/// content type, and send no referrer (links could otherwise carry the page's address to other sites).
/// </summary>
internal sealed partial class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        if (RequestFamilies.Of(context) is not (RequestFamily.AdminPages or RequestFamily.SignIn))
        {
            return next(context);
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return context.GetEndpoint()?.Metadata.GetMetadata<InlineScriptsByHash>() is null ? next(context) : WithScriptHashesAsync(context);
    }

    /// <summary>Holds the page back until its inline scripts are read, then allows exactly those.</summary>
    private async Task WithScriptHashesAsync(HttpContext context)
    {
        var body = context.Response.Body;
        using var page = new MemoryStream();
        context.Response.Body = page;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = body;
        }

        var hashes = InlineScript().Matches(Encoding.UTF8.GetString(page.GetBuffer(), 0, (int)page.Length))
            .Select(script => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups["code"].Value)))}'");
        context.Response.Headers.ContentSecurityPolicy = $"{ContentSecurityPolicy}; script-src 'self' {string.Join(' ', hashes)}; style-src 'self' 'unsafe-inline'";
        page.Position = 0;
        await page.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(?<code>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
