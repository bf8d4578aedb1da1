using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.ActionUrls;

/// <summary>
/// Snom action URLs: the phone fires these when its DND key toggles (<c>action_dnd_on_url</c>,
/// <c>action_dnd_off_url</c>, filled from <c>$active_user</c> and <c>$mac</c>). They answer 200 with an empty body,
/// which the phone ignores, as soon as the change is stored.
/// </summary>
internal static class ActionUrlEndpoints
{
    public static RouteGroupBuilder MapActionUrls(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/snom/action")
            .WithTags("Phone")
            .AddEndpointFilter<PhoneRequestFilter>();
        group.MapGet("/dnd-on", DndOnAsync);
        group.MapGet("/dnd-off", DndOffAsync);
        return group;
    }

    internal static Task<Ok> DndOnAsync(PhoneRequest request, PresenceService presence, CancellationToken cancellationToken) =>
        SetAsync(request, PresenceStatus.Dnd, presence, cancellationToken);

    internal static Task<Ok> DndOffAsync(PhoneRequest request, PresenceService presence, CancellationToken cancellationToken) =>
        SetAsync(request, PresenceStatus.Available, presence, cancellationToken);

    private static async Task<Ok> SetAsync(PhoneRequest request, PresenceStatus status, PresenceService presence, CancellationToken cancellationToken)
    {
        // A phone announcing its own extension creates it: the first DND press is how a lab phone gets started.
        await presence.SetStatusAsync(request.Extension, status, ChangeSource.Phone, expiresAt: null, request.Mac, createIfMissing: true, cancellationToken)
            .ConfigureAwait(false);
        return TypedResults.Ok();
    }
}
