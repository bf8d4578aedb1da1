using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Provisioning;

/// <summary>
/// The files a Snom phone asks for when its setting server has no file name: <c>snom&lt;MODEL&gt;.htm</c>, then
/// <c>snom&lt;MODEL&gt;-&lt;MAC&gt;.htm</c>. Both need a provisioning login (<see cref="AccessControl.Provisioning"/>),
/// since the files carry the phone's token.
/// </summary>
internal static class ProvisioningEndpoints
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
        if (!ProvisioningFile.TryParse(context, out var asked) || !provisioning.Templates.Serves(asked.Model))
        {
            Log.ProvisioningRefused(logger, ProvisioningFile.Shown(context.Request), "not a Snom settings file name this service serves");
            return TypedResults.NotFound();
        }

        var phone = asked.Mac is { } mac ? await inventory.GetAsync(mac, cancellationToken).ConfigureAwait(false) : null;
        context.Response.Headers.CacheControl = "no-store";
        if (phone is null)
        {
            if (asked.MacFromName)
            {
                Log.ProvisioningUnknownPhone(logger, file, asked.Mac!.Value.Value);
                return TypedResults.NotFound();
            }

            // The phone asks for its own file next.
            return TypedResults.Text(PhoneProvisioning.EmptySettings, ContentType);
        }

        // The phone's first fetch with its own login ends its enrollment: the shared login no longer reaches it.
        if (context.User.Identity is ProvisioningIdentity { Phone: not null } && phone.EnrollmentUntil is not null)
        {
            await inventory.SaveAsync([phone with { EnrollmentUntil = null }], cancellationToken).ConfigureAwait(false);
            Log.ProvisioningEnrolled(logger, phone.Mac.Value);
        }

        if (phone.Model != asked.Model)
        {
            // The phone knows what it is; the inventory may have been typed wrong.
            Log.ProvisioningModelMismatch(logger, phone.Mac.Value, phone.Model.Value, asked.Model.Value);
            phone = phone with { Model = asked.Model };
        }

        Log.ProvisioningServed(logger, file, phone.Mac.Value);
        return TypedResults.Text(provisioning.Render(phone, provisioning.Site(context.Request)), ContentType);
    }
}
