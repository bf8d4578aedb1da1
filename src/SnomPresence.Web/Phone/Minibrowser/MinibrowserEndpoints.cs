using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;

namespace SnomPresence.Web.Phone.Minibrowser;

/// <summary>The Snom XML minibrowser pages: the status screen, the main menu and the choice of a status.</summary>
internal static class MinibrowserEndpoints
{
    /// <summary>The longest short-term status a phone can set: one day.</summary>
    public const int MaxMinutes = 24 * 60;

    /// <summary>The <c>duration</c> value for "until the end of the working day".</summary>
    public const string WorkdayEnd = "workday-end";

    public static RouteGroupBuilder MapMinibrowser(this IEndpointRouteBuilder app)
    {
        var group = app.MapPhoneGroup("/snom");
        group.MapGet("/status", GetStatus);
        group.MapGet("/led", GetLed);
        group.MapGet("/menu", GetMenu);
        group.MapGet("/identities", GetIdentitiesAsync);
        group.MapGet("/set", SetStatusAsync);
        group.MapGet("/queue", SetQueueAsync);
        return group;
    }

    internal static ContentHttpResult GetStatus(KnownExtension known, PhoneScreens screens) => screens.Status(known.State, known.Phone).ToResult();

    internal static ContentHttpResult GetMenu(KnownExtension known, PhoneScreens screens) => screens.Menu(known.State, known.Phone).ToResult();

    /// <summary>What a push opens: the Status key's LED as the status wants it, and the page closes itself at once.</summary>
    internal static ContentHttpResult GetLed(KnownExtension known, PhoneScreens screens) => screens.Led(known.State, known.Phone).ToResult();

    /// <summary>
    /// What the Status key of a phone with several extensions opens: each of them with its status, to pick the one
    /// to change. <c>$active_user</c> names only the identity the phone calls out with, so the phone's own
    /// extensions come from its inventory entry; a phone outside the inventory sees just the extension it named.
    /// </summary>
    internal static async Task<ContentHttpResult> GetIdentitiesAsync(
        PhoneRequest request, PhoneContext phone, IPresenceStore store, PhoneScreens screens, CancellationToken cancellationToken)
    {
        var extensions = phone.Device.Phone?.Extensions ?? [request.Extension];
        var states = new List<(Extension, PresenceState?)>(extensions.Count);
        foreach (var extension in extensions)
        {
            states.Add((extension, await store.GetAsync(extension, cancellationToken).ConfigureAwait(false)));
        }

        return screens.Identities(states, phone).ToResult();
    }

    /// <summary>
    /// Applies a status picked on the phone and answers with the fresh status screen. With <c>duration</c> (minutes,
    /// or <c>workday-end</c>) it is a short-term status that returns to available by itself.
    /// </summary>
    internal static async Task<ContentHttpResult> SetStatusAsync(
        PhoneRequest request,
        string? status,
        string? duration,
        PhoneContext phone,
        PresenceService presence,
        PhoneScreens screens,
        PhoneFormat format,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!EnumIds.TryParse<PresenceStatus>(status, out var parsed))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.UnknownStatus, status ?? string.Empty), phone);
        }

        DateTimeOffset? expiresAt = null;
        if (duration == WorkdayEnd)
        {
            expiresAt = format.WorkdayEnd();
            if (expiresAt is null)
            {
                return screens.Reject(PhoneProblem.For(PhoneProblemKind.WorkdayOver, null), phone);
            }
        }
        else if (duration is not null)
        {
            if (!int.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes is < 1 or > MaxMinutes)
            {
                return screens.Reject(PhoneProblem.For(PhoneProblemKind.InvalidDuration, duration), phone);
            }

            expiresAt = time.GetUtcNow().AddMinutes(minutes);
        }

        var update = await presence.SetStatusAsync(
            request.Extension, parsed, expiresAt, ChangeActor.Phone(request.Mac), cancellationToken).ConfigureAwait(false);
        return screens.Status(update.State!, phone.For(update.State!)).ToResult();
    }

    /// <summary>Logs in to (<c>login=1</c>) or out of (<c>login=0</c>) the call queues; answers the status screen.</summary>
    internal static async Task<ContentHttpResult> SetQueueAsync(
        PhoneRequest request, string? login, PhoneContext phone, PresenceService presence, PhoneScreens screens, CancellationToken cancellationToken)
    {
        if (login is not ("1" or "0"))
        {
            return screens.Reject(PhoneProblem.For(PhoneProblemKind.InvalidChoice, login ?? string.Empty), phone);
        }

        var update = await presence.SetQueueAsync(request.Extension, login == "1", ChangeActor.Phone(request.Mac), cancellationToken).ConfigureAwait(false);
        return update.State is null ? screens.Reject(PhoneProblem.Unknown(request.Extension), phone) : screens.Status(update.State, phone.For(update.State)).ToResult();
    }
}
