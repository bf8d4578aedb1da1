using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Provisioning;

/// <summary>
/// The files a Snom phone asks for when its setting server has no file name: <c>snom&lt;MODEL&gt;.htm</c>, then
/// <c>snom&lt;MODEL&gt;-&lt;MAC&gt;.htm</c>. Both need a provisioning login (<see cref="AccessControl.Provisioning"/>),
/// since the files carry the phone's token.
/// </summary>
internal static partial class ProvisioningEndpoints
{
    public const string Realm = "SnomPresence provisioning";
    public const string ContentType = "application/xml; charset=utf-8";

    public static IEndpointRouteBuilder MapProvisioningFiles(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/provisioning").WithTags("Provisioning")
            .WithRequestFamily(RequestFamily.Provisioning).RequireAuthorization(AccessControl.Provisioning);
        files.MapGet("/{file}", ServeAsync);
        files.MapFallback("/{**path}", () => TypedResults.NotFound());
        return app;
    }

    internal static async Task<Results<ContentHttpResult, NotFound>> ServeAsync(
        string file,
        HttpContext context,
        IPhoneInventory inventory,
        PhoneProvisioning provisioning,
        ILogger<PhoneProvisioning> logger,
        CancellationToken cancellationToken)
    {
        var shown = file.Length > 40 ? file[..40] : file;
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

    [GeneratedRegex(@"^snom(?<model>[A-Za-z0-9]{2,8}?)(?:-(?<mac>[0-9A-Fa-f]{12}))?\.htm$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    [GeneratedRegex(@"(?<![0-9A-Fa-f])[0-9A-Fa-f]{12}(?![0-9A-Fa-f])", RegexOptions.CultureInvariant)]
    private static partial Regex UserAgentMac();
}
