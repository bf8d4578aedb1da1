namespace SnomPresence.Web.Security;

/// <summary>
/// What browsers are told about the admin pages: load nothing from elsewhere, never inside a frame, never guess a
/// content type, and send no referrer (links could otherwise carry the page's address to other sites).
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        if (RequestFamilies.Of(context) is RequestFamily.AdminPages or RequestFamily.SignIn)
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
        }

        return next(context);
    }
}
