using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;
using SnomPresence.Web.Phone.Push;

namespace SnomPresence.Web.Phone.ActionUrls;

/// <summary>
/// Snom action URLs: the phone fires these when its DND key toggles (<c>action_dnd_on_url</c>,
/// <c>action_dnd_off_url</c>, filled from <c>$active_user</c> and <c>$mac</c>) and when it has booted
/// (<c>action_setup_url</c> with <c>ip=$phone_ip</c>). They answer 200 with an empty body, which the phone
/// ignores, as soon as the change is stored.
/// </summary>
internal static class ActionUrlEndpoints
{
    public static RouteGroupBuilder MapActionUrls(this IEndpointRouteBuilder app)
    {
        var group = app.MapPhoneGroup("/snom/action");
        group.MapGet("/dnd-on", DndOnAsync);
        group.MapGet("/dnd-off", DndOffAsync);
        group.MapGet("/setup", SetupAsync);
        return group;
    }

    internal static Task<Ok> DndOnAsync(
        PhoneRequest request, HttpContext context, PresenceService presence, PhoneSightings sightings, PhoneEchoGuard echoes, PhoneMetrics metrics, ILogger<PhoneRequest> logger, CancellationToken cancellationToken) =>
        DndAsync(request, dnd: true, context, presence, sightings, echoes, metrics, logger, cancellationToken);

    internal static Task<Ok> DndOffAsync(
        PhoneRequest request, HttpContext context, PresenceService presence, PhoneSightings sightings, PhoneEchoGuard echoes, PhoneMetrics metrics, ILogger<PhoneRequest> logger, CancellationToken cancellationToken) =>
        DndAsync(request, dnd: false, context, presence, sightings, echoes, metrics, logger, cancellationToken);

    /// <summary>The phone has booted: note where it is and bring its DND and screen in line with the stored status.</summary>
    internal static async Task<Ok> SetupAsync(
        PhoneRequest request, HttpContext context, PresenceService presence, PhoneSightings sightings, PhonePushWorker push, CancellationToken cancellationToken)
    {
        var phone = await sightings.RecordAsync(request, context, dnd: null, cancellationToken).ConfigureAwait(false);
        // Stored before the push is queued, so the push finds the extension.
        await presence.EnsureExtensionAsync(request.Extension, ChangeActor.Phone(request.Mac), cancellationToken).ConfigureAwait(false);
        if (phone is not null)
        {
            push.PushAfterBoot(phone);
        }

        return TypedResults.Ok();
    }

    private static async Task<Ok> DndAsync(
        PhoneRequest request,
        bool dnd,
        HttpContext context,
        PresenceService presence,
        PhoneSightings sightings,
        PhoneEchoGuard echoes,
        PhoneMetrics metrics,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var phone = await sightings.RecordAsync(request, context, dnd, cancellationToken).ConfigureAwait(false);
        if (phone is not null && echoes.TryConsume(phone.Id, dnd))
        {
            Log.EchoIgnored(logger, request.Extension.Value, phone.Id, dnd);
            metrics.DndPressed(dnd, "echo");
            return TypedResults.Ok();
        }

        // A phone announcing its own extension creates it: the first DND press is how a lab phone gets started.
        var update = await presence.SetStatusAsync(
                request.Extension, dnd ? PresenceStatus.Dnd : PresenceStatus.Available, expiresAt: null, ChangeActor.Phone(request.Mac), cancellationToken)
            .ConfigureAwait(false);
        metrics.DndPressed(dnd, update.Outcome == UpdateOutcome.Changed ? "changed" : "unchanged");
        return TypedResults.Ok();
    }
}
