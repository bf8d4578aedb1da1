using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Minibrowser;

/// <summary>The Snom XML minibrowser pages: the status screen, the status menu and the menu's choices.</summary>
internal static class MinibrowserEndpoints
{
    public static RouteGroupBuilder MapMinibrowser(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/snom")
            .WithTags("Phone")
            .AddEndpointFilter<PhoneRequestFilter>();
        group.MapGet("/status", GetStatusAsync);
        group.MapGet("/menu", GetMenuAsync);
        group.MapGet("/set", SetStatusAsync);
        return group;
    }

    internal static async Task<ContentHttpResult> GetStatusAsync(
        PhoneRequest request, PhoneLinks links, IPresenceStore store, PhoneScreens screens, CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(request.Extension, cancellationToken).ConfigureAwait(false);
        return state is null ? screens.Reject(Unknown(request)) : screens.Status(state, links).ToResult();
    }

    internal static async Task<ContentHttpResult> GetMenuAsync(
        PhoneRequest request, PhoneLinks links, IPresenceStore store, PhoneScreens screens, CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(request.Extension, cancellationToken).ConfigureAwait(false);
        return state is null ? screens.Reject(Unknown(request)) : screens.Menu(state, links).ToResult();
    }

    /// <summary>Applies a status picked in the menu and answers with the fresh status screen.</summary>
    internal static async Task<ContentHttpResult> SetStatusAsync(
        PhoneRequest request, string? status, PhoneLinks links, PresenceService presence, PhoneScreens screens, CancellationToken cancellationToken)
    {
        if (!EnumIds.TryParse<PresenceStatus>(status, out var parsed))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.UnknownStatus, status ?? string.Empty));
        }

        var update = await presence.SetStatusAsync(
            request.Extension, parsed, ChangeSource.Phone, expiresAt: null, request.Mac, createIfMissing: true, cancellationToken).ConfigureAwait(false);
        return screens.Status(update.State!, links).ToResult();
    }

    private static PhoneProblem Unknown(PhoneRequest request) => PhoneProblem.For(PhoneProblemKind.UnknownExtension, request.Extension.Value);
}
