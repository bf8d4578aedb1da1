using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SnomPresence.Presence;

namespace SnomPresence.Web.Provisioning;

/// <summary>
/// The files a Snom phone asks for when its setting server has no file name: <c>snom&lt;MODEL&gt;.htm</c>, then
/// <c>snom&lt;MODEL&gt;-&lt;MAC&gt;.htm</c>. Both need the provisioning credentials (HTTP Basic, which phones send from
/// <c>http_client_user</c>/<c>http_client_pass</c> or the setting URL), since the files carry the phone's token.
/// </summary>
internal static partial class ProvisioningEndpoints
{
    public const string Realm = "SnomPresence provisioning";
    public const string ContentType = "application/xml; charset=utf-8";

    public static IEndpointRouteBuilder MapProvisioningFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/provisioning/{file}", ServeAsync).WithTags("Provisioning");
        return app;
    }

    internal static async Task<Results<ContentHttpResult, NotFound, UnauthorizedHttpResult>> ServeAsync(
        string file,
        HttpContext context,
        IPhoneInventory inventory,
        PhoneProvisioning provisioning,
        IOptions<ProvisioningOptions> options,
        ILogger<PhoneProvisioning> logger,
        CancellationToken cancellationToken)
    {
        var shown = file.Length > 40 ? file[..40] : file;
        if (!provisioning.Serving)
        {
            Log.ProvisioningRefused(logger, shown, "provisioning credentials are not configured");
            return TypedResults.NotFound();
        }

        if (!Authorized(context.Request, options.Value))
        {
            Log.ProvisioningRefused(logger, shown, "missing or wrong credentials");
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
            return TypedResults.Unauthorized();
        }

        var match = FileName().Match(file);
        if (!match.Success || !PhoneModel.TryParse(match.Groups["model"].Value, out var model) || !provisioning.Templates.Serves(model))
        {
            Log.ProvisioningRefused(logger, shown, "not a Snom settings file name this service serves");
            return TypedResults.NotFound();
        }

        // The model file carries no MAC; the User-Agent does ("snomD785-SIP 10.1.33.33 … 000413922D24 …").
        var macText = match.Groups["mac"].Success ? match.Groups["mac"].Value : UserAgentMac().Match(context.Request.Headers.UserAgent.ToString()).Value;
        var phone = MacAddress.TryParse(macText, out var mac) ? await inventory.GetAsync(mac, cancellationToken).ConfigureAwait(false) : null;
        context.Response.Headers.CacheControl = "no-store";
        if (phone is null)
        {
            if (match.Groups["mac"].Success)
            {
                Log.ProvisioningUnknownPhone(logger, file, mac.Value);
                return TypedResults.NotFound();
            }

            // The phone asks for its own file next.
            return TypedResults.Text(PhoneProvisioning.EmptySettings, ContentType);
        }

        if (phone.Model != model)
        {
            // The phone knows what it is; the inventory may have been typed wrong.
            Log.ProvisioningModelMismatch(logger, mac.Value, phone.Model.Value, model.Value);
            phone = phone with { Model = model };
        }

        var site = provisioning.Site(context.Request);
        Log.ProvisioningServed(logger, file, mac.Value);
        return TypedResults.Text(provisioning.Render(phone, site), ContentType);
    }

    private static bool Authorized(HttpRequest request, ProvisioningOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] sent;
        try
        {
            sent = Convert.FromBase64String(header[6..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        // Hashes make the comparison constant-time whatever the lengths.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes($"{options.HttpUser}:{options.HttpPassword}"));
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(sent), expected);
    }

    [GeneratedRegex(@"^snom(?<model>[A-Za-z0-9]{2,8}?)(?:-(?<mac>[0-9A-Fa-f]{12}))?\.htm$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    [GeneratedRegex(@"(?<![0-9A-Fa-f])[0-9A-Fa-f]{12}(?![0-9A-Fa-f])", RegexOptions.CultureInvariant)]
    private static partial Regex UserAgentMac();
}
