using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SnomPresence.Presence;
using SnomPresence.Provisioning;
using SnomPresence.Web.Admin;
using SnomPresence.Web.Phone;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.AdminUi;

/// <summary>
/// One row of the presence board: what the admin sees of an extension, texts in the page's language, and why 3CX
/// refused its change while that change is parked.
/// </summary>
internal sealed record BoardRow(
    string Extension,
    string? DisplayName,
    string Status,
    string Label,
    string Internal,
    string External,
    DateTimeOffset? ExpiresAt,
    bool QueueLoggedIn,
    string Source,
    DateTimeOffset Since,
    long Version,
    string? PbxParked);

/// <summary>
/// The admin pages: sign-in with the admin key (exchanged for a session cookie), the live presence board and its
/// event stream. Changes go through the admin JSON API with the page's anti-forgery token.
/// </summary>
internal static class AdminUiEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    /// <summary>Changes one board may have waiting: a browser that stops reading is dropped, and reloads when it reconnects.</summary>
    internal const int StreamCapacity = 1000;

    // Parking is no presence change and has no event of its own: the stream looks at the parked list this often.
    private static readonly TimeSpan ParkedCheck = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapAdminUi(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/admin").WithTags("AdminUi").WithRequestFamily(RequestFamily.AdminPages).RequireAuthorization(AccessControl.AdminPages);
        pages.MapGet("/signin", SignInPage).AllowAnonymous();
        pages.MapPost("/signin", SignInAsync).AllowAnonymous().WithRequestFamily(RequestFamily.SignIn);
        pages.MapPost("/signout", (Delegate)SignOutAsync);
        pages.MapGet("/", BoardPage);
        pages.MapGet("/board.json", BoardAsync);
        pages.MapGet("/events", Events);
        pages.MapGet("/preview/{ext}", PreviewAsync);
        pages.MapGet("/phones", PhonesPage);
        pages.MapGet("/assets/{name}", Asset).AllowAnonymous();
        pages.MapAdminApiReference();
        pages.MapFallback("/{**path}", () => TypedResults.NotFound());
        return app;
    }

    internal static ContentHttpResult SignInPage(HttpContext context, IAntiforgery antiforgery, AdminKey key) =>
        AdminPages.SignIn(context, antiforgery, problem: key.Configured ? null : AdminUiTexts.For(AdminUiTexts.LanguageOf(context.Request)).KeyNotSet);

    /// <summary>The admin key, typed into the form, becomes a session cookie; the form's anti-forgery token is checked first.</summary>
    internal static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignInAsync(
        [FromForm] string? key, HttpContext context, IAntiforgery antiforgery, AdminKey adminKey, AdminSessions sessions, ILogger<AdminKey> logger)
    {
        var texts = AdminUiTexts.For(AdminUiTexts.LanguageOf(context.Request));
        if (!adminKey.Matches(key?.Trim()))
        {
            Log.AdminRequestRejected(logger, "sign-in with a wrong key");
            return AdminPages.SignIn(context, antiforgery, adminKey.Configured ? texts.WrongKey : texts.KeyNotSet, StatusCodes.Status401Unauthorized);
        }

        var (admin, expiresAt) = await sessions.StartAsync(context.RequestAborted).ConfigureAwait(false);
        // The cookie itself never outlives the session; sliding renewal stops at the session's end too.
        await context.SignInAsync(AdminUiRegistration.Scheme, admin, new AuthenticationProperties { ExpiresUtc = expiresAt, AllowRefresh = true }).ConfigureAwait(false);
        return TypedResults.LocalRedirect("/admin/" + context.Request.QueryString);
    }

    /// <summary>Ends the session on the server, so a copy of the cookie signs nobody in any more, then drops the cookie.</summary>
    internal static async Task<RedirectHttpResult> SignOutAsync(HttpContext context, AdminSessions sessions)
    {
        await sessions.EndAsync(context.User, context.RequestAborted).ConfigureAwait(false);
        await context.SignOutAsync(AdminUiRegistration.Scheme).ConfigureAwait(false);
        return TypedResults.LocalRedirect("/admin/signin");
    }

    internal static ContentHttpResult BoardPage(HttpContext context, IAntiforgery antiforgery, StatusLabels labels) =>
        AdminPages.Board(context, antiforgery, labels);

    internal static async Task<Ok<BoardRow[]>> BoardAsync(
        HttpContext context, IPresenceStore store, IPbxOutbox outbox, StatusLabels labels, CancellationToken cancellationToken)
    {
        var language = AdminUiTexts.LanguageOf(context.Request);
        var states = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var parked = await ParkedAsync(outbox, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(states.Select(s => Row(s, labels, language, parked.GetValueOrDefault(s.Extension))).ToArray());
    }

    /// <summary>
    /// Every stored change, from this instance or another, as a board row; the page updates the row in place. A row
    /// whose change 3CX refused (or no longer refuses) comes again when the parked list shows it.
    /// </summary>
    internal static ServerSentEventsResult<BoardRow> Events(
        HttpContext context, IPresenceChangeFeed feed, IPresenceStore store, IPbxOutbox outbox, StatusLabels labels, IHostApplicationLifetime lifetime)
    {
        var language = AdminUiTexts.LanguageOf(context.Request);
        return TypedResults.ServerSentEvents(Stream(feed, store, outbox, labels, language, lifetime.ApplicationStopping, context.RequestAborted));
    }

    internal static IResult Asset(string name) => AdminPages.Asset(name);

    internal static ContentHttpResult PhonesPage(HttpContext context, IAntiforgery antiforgery) => AdminPages.Phones(context, antiforgery);

    /// <summary>
    /// The Snom XML a phone of the extension gets for its status screen or menu, exactly as the phone routes build it,
    /// for the page to draw as the display would.
    /// </summary>
    internal static async Task<Results<ContentHttpResult, NotFound>> PreviewAsync(
        string ext,
        string? screen,
        HttpContext context,
        IPresenceStore store,
        IPhoneDirectory directory,
        IPhoneInventory inventory,
        PhoneTemplates templates,
        PhoneScreens screens,
        CancellationToken cancellationToken)
    {
        if (!Extension.TryParse(ext, out var extension) || await store.GetAsync(extension, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return TypedResults.NotFound();
        }

        // Drawn for the extension's phone of the inventory, if one has been seen: its model decides the LED.
        foreach (var seen in await directory.FindAsync(extension, cancellationToken).ConfigureAwait(false))
        {
            if (MacAddress.TryParse(seen.Mac, out var mac) && await inventory.GetAsync(mac, cancellationToken).ConfigureAwait(false) is { } provisioned)
            {
                PhoneDevice.Remember(context, PhoneDevice.Of(provisioned, userAgent: null, templates));
                break;
            }
        }

        var phone = PhoneContext.For(context).For(state);
        var page = screen == "menu" ? screens.Menu(state, phone) : screens.Status(state, phone);
        return page.ToResult();
    }

    public static BoardRow Row(PresenceState state, StatusLabels labels, Language language, string? parked)
    {
        var (inside, outside) = PhoneScreens.ForwardingInEffect(state, language);
        return new BoardRow(
            state.Extension.Value,
            state.Name?.Text,
            EnumIds.Id(state.Status),
            labels.Label(state.Status, language),
            inside,
            outside,
            state.ExpiresAt,
            state.QueueLoggedIn,
            EnumIds.Id(state.Source),
            state.Since,
            state.Version,
            parked);
    }

    private static async IAsyncEnumerable<SseItem<BoardRow>> Stream(
        IPresenceChangeFeed feed,
        IPresenceStore store,
        IPbxOutbox outbox,
        StatusLabels labels,
        Language language,
        CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var changes = feed.Subscribe(StreamCapacity);
        var parked = await ParkedAsync(outbox, cancellationToken).ConfigureAwait(false);
        var (quietSince, parkedAt) = (Stopwatch.GetTimestamp(), Stopwatch.GetTimestamp());
        // A first event tells the page the stream is open, so it can say "live".
        yield return new SseItem<BoardRow>(default!, "open");
        while (!cancellationToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
            wait.CancelAfter(ParkedCheck);
            bool more;
            try
            {
                more = await changes.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A stopping service ends the stream, or the stop would wait for it until HostOptions:ShutdownTimeout;
                // the page reconnects, to another instance or to this one restarted.
                more = !stopping.IsCancellationRequested;
            }
            catch (Exception ex) when (ex is SubscriptionOverflowException or System.Threading.Channels.ChannelClosedException)
            {
                // This browser stopped reading and was dropped: ending the stream makes it reconnect and reload the board.
                more = false;
            }

            if (!more)
            {
                yield break;
            }

            var sent = false;
            while (changes.Reader.TryRead(out var change))
            {
                sent = true;
                yield return new SseItem<BoardRow>(Row(change.Current, labels, language, parked.GetValueOrDefault(change.Current.Extension)), "presence");
            }

            if (Stopwatch.GetElapsedTime(parkedAt) >= ParkedCheck)
            {
                parkedAt = Stopwatch.GetTimestamp();
                var now = await ParkedAsync(outbox, cancellationToken).ConfigureAwait(false);
                foreach (var extension in now.Keys.Union(parked.Keys).Where(e => now.GetValueOrDefault(e) != parked.GetValueOrDefault(e)).ToList())
                {
                    if (await store.GetAsync(extension, cancellationToken).ConfigureAwait(false) is { } state)
                    {
                        sent = true;
                        yield return new SseItem<BoardRow>(Row(state, labels, language, now.GetValueOrDefault(extension)), "presence");
                    }
                }

                parked = now;
            }
            // A quiet board still sends a ping now and then, so proxies with idle timeouts keep the stream open.
            if (sent)
            {
                quietSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(quietSince) >= KeepAlive)
            {
                quietSince = Stopwatch.GetTimestamp();
                yield return new SseItem<BoardRow>(default!, "ping");
            }
        }
    }

    private static async Task<Dictionary<Extension, string>> ParkedAsync(IPbxOutbox outbox, CancellationToken cancellationToken) =>
        (await outbox.ListParkedAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Extension, e => e.Parked!.Reason);

    // Umlauts stay readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    internal static string Encode(string text) => Html.Encode(text);
}
