using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SnomPresence.Pbx.Sync;
using SnomPresence.Presence;
using SnomPresence.Web.Phone;
using SnomPresence.Web.Phone.Minibrowser;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Admin;

/// <summary>
/// The admin JSON API over extensions: presence, forwarding, history, and changes 3CX refused. Errors are
/// ProblemDetails naming the field.
/// </summary>
internal static class ExtensionsEndpoints
{
    private const int DefaultHistoryLimit = 50;
    private const int MaxHistoryLimit = 1000;

    public static RouteGroupBuilder MapExtensionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/extensions")
            .WithTags("Extensions")
            .RequireAdmin();
        group.MapGet("/", ListAsync).WithSummary("All extensions with status, label, since, source, expiry, version and forwarding");
        group.MapGet("/{ext}", GetAsync).WithSummary("One extension").ProducesProblem(StatusCodes.Status404NotFound);
        // The body is optional and read by the handler: declared as accepted, routing would turn a bare PUT away.
        group.MapPut("/{ext}", CreateAsync)
            .WithSummary("Creates the extension (201), or answers its current state (200); an optional JSON body {\"displayName\": \"Müller, Anna\"} names it")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{ext}/status", SetStatusAsync).WithSummary("Sets the status, optionally until expiresAt")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExamples(
                new RequestExample("lunch", "Zu Tisch until 13:30", new SetStatusModel("lunch", new DateTimeOffset(2026, 11, 27, 13, 30, 0, TimeSpan.FromHours(1)))),
                new RequestExample("business-trip", "Business trip until changed", new SetStatusModel("business-trip", null)));
        group.MapPut("/{ext}/queue", SetQueueAsync).WithSummary("Logs in to or out of the call queues")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExamples(new RequestExample("log-in", "Log in to the call queues", new SetQueueModel(true)));
        group.MapPut("/{ext}/language", SetLanguageAsync).WithSummary("Sets the language of the extension's phone screens")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExamples(
                new RequestExample("english", "English screens", new SetLanguageModel("en")),
                new RequestExample("office-default", "The office default (Snom:Language)", System.Text.Json.Nodes.JsonNode.Parse("""{"language":null}""")!));
        group.MapGet("/{ext}/forwarding", GetForwardingAsync).WithSummary("Forwarding of all five statuses").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{ext}/forwarding/{status}", SetForwardingAsync).WithSummary("Replaces the forwarding of one status")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExamples(
                new RequestExample("away", "Any status but available: internal and external calls", new StatusForwardingModel(
                    Internal: new TargetModel("busy", null), External: new TargetModel("external", "+4917012345678"))),
                new RequestExample("available", "available: no answer, busy and not registered", new StatusForwardingModel(
                    NoAnswer: new PairModel(new TargetModel("voicemail", null), new TargetModel("voicemail", null)),
                    Busy: new PairModel(new TargetModel("extension", "202"), new TargetModel("voicemail", null)),
                    NotRegistered: new PairModel(new TargetModel("colleague-voicemail", "202"), new TargetModel("external", "+4917012345678")))));
        group.MapGet("/{ext}/history", GetHistoryAsync).WithSummary("Changes, newest first").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{ext}/favourites", GetFavouritesAsync).WithSummary("The colleagues the extension's phone lists first").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{ext}/favourites", SetFavouritesAsync).WithSummary("Replaces the colleagues the extension's phone lists first")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestExamples(new RequestExample("none", "No favourites: colleagues in name order only", new FavouritesModel([])));
        group.MapPost("/{ext}/pbx-retry", RetryPbxAsync).WithSummary("Puts the change 3CX refused back in line for one more try (202), 409 when none is parked")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal static async Task<Ok<ExtensionModel[]>> ListAsync(IPresenceStore store, AdminView view, CancellationToken cancellationToken)
    {
        var states = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await view.ModelsAsync(states, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<ExtensionModel>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string ext, IPresenceStore store, AdminView view, CancellationToken cancellationToken)
    {
        if (!TryParseExtension(ext, out var extension, out var invalid))
        {
            return invalid;
        }

        var state = await store.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        return state is null ? NotFound(extension) : TypedResults.Ok(await view.ModelAsync(state, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Creates the extension (available, default forwarding); 200 with the current state when it exists. A
    /// <c>displayName</c> in the body names it, winning over 3CX's name; a bad one changes nothing.
    /// </summary>
    internal static async Task<Results<Created<ExtensionModel>, Ok<ExtensionModel>, ValidationProblem>> CreateAsync(
        string ext, HttpRequest request, PresenceService presence, AdminView view, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var validExtension = TryParseExtension(ext, out var extension, errors);
        // The body is optional: a bare PUT, as before names, still just creates the extension.
        CreateExtensionModel? body = null;
        if (request.HasJsonContentType())
        {
            try
            {
                body = await request.ReadFromJsonAsync<CreateExtensionModel>(cancellationToken).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                errors["body"] = ["Must be JSON such as {\"displayName\": \"Müller, Anna\"}, or empty."];
            }
        }

        ExtensionName? name = null;
        if (body?.DisplayName is { } displayName && !ExtensionName.TryCreate(displayName, NameSource.Admin, out name, out var nameError))
        {
            errors["displayName"] = [nameError];
        }

        if (!validExtension || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var update = await presence.EnsureExtensionAsync(extension, ChangeActor.Admin(), cancellationToken).ConfigureAwait(false);
        var state = update.State!;
        if (name is not null)
        {
            state = (await presence.SetNameAsync(extension, name, NameSource.Admin, ChangeActor.Admin(), cancellationToken).ConfigureAwait(false)).State ?? state;
        }

        var model = await view.ModelAsync(state, cancellationToken).ConfigureAwait(false);
        return update.Outcome == UpdateOutcome.Changed ? TypedResults.Created($"/api/extensions/{extension}", model) : TypedResults.Ok(model);
    }

    internal static async Task<Results<Ok<ExtensionModel>, ProblemHttpResult, ValidationProblem>> SetStatusAsync(
        string ext, SetStatusModel body, PresenceService presence, AdminView view, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var validExtension = TryParseExtension(ext, out var extension, errors);
        if (!EnumIds.TryParse<PresenceStatus>(body.Status, out var status))
        {
            errors["status"] = [$"Must be one of: {string.Join(", ", EnumIds.All<PresenceStatus>())}."];
        }

        if (body.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            errors["expiresAt"] = ["Must lie in the future."];
        }

        if (!validExtension || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var update = await presence.SetStatusAsync(extension, status, body.ExpiresAt, ChangeActor.Admin(), cancellationToken)
            .ConfigureAwait(false);
        return update.State is null ? NotFound(extension) : TypedResults.Ok(await view.ModelAsync(update.State, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<ExtensionModel>, ProblemHttpResult, ValidationProblem>> SetQueueAsync(
        string ext, SetQueueModel body, PresenceService presence, AdminView view, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var validExtension = TryParseExtension(ext, out var extension, errors);
        if (body.LoggedIn is null)
        {
            errors["loggedIn"] = ["Required: true to log in to the call queues, false to log out."];
        }

        if (!validExtension || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var update = await presence.SetQueueAsync(extension, body.LoggedIn!.Value, ChangeActor.Admin(), cancellationToken).ConfigureAwait(false);
        return update.State is null ? NotFound(extension) : TypedResults.Ok(await view.ModelAsync(update.State, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<ExtensionModel>, ProblemHttpResult, ValidationProblem>> SetLanguageAsync(
        string ext, SetLanguageModel body, PresenceService presence, AdminView view, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var validExtension = TryParseExtension(ext, out var extension, errors);
        Language? language = null;
        if (body.Language is not null)
        {
            if (EnumIds.TryParse<Language>(body.Language, out var parsed))
            {
                language = parsed;
            }
            else
            {
                errors["language"] = ["Must be de, en, or null for the office default."];
            }
        }

        if (!validExtension || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var update = await presence.SetLanguageAsync(extension, language, ChangeActor.Admin(), cancellationToken).ConfigureAwait(false);
        return update.State is null ? NotFound(extension) : TypedResults.Ok(await view.ModelAsync(update.State, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<Dictionary<string, StatusForwardingModel>>, ProblemHttpResult, ValidationProblem>> GetForwardingAsync(
        string ext, IPresenceStore store, CancellationToken cancellationToken)
    {
        if (!TryParseExtension(ext, out var extension, out var invalid))
        {
            return invalid;
        }

        var state = await store.GetAsync(extension, cancellationToken).ConfigureAwait(false);
        return state is null ? NotFound(extension) : TypedResults.Ok(StatusForwardingModel.AllFrom(state.Forwarding));
    }

    /// <summary>
    /// Replaces the forwarding of one status; the body shape follows the status's route (see
    /// <see cref="StatusForwardingModel"/>). Only the slots whose target changes go to 3CX.
    /// </summary>
    internal static async Task<Results<Ok<StatusForwardingModel>, ProblemHttpResult, ValidationProblem>> SetForwardingAsync(
        string ext,
        string status,
        StatusForwardingModel body,
        IPresenceStore store,
        PresenceService presence,
        ForwardingNumberPolicy policy,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var validExtension = TryParseExtension(ext, out var extension, errors);
        if (!EnumIds.TryParse<PresenceStatus>(status, out var parsedStatus))
        {
            errors["status"] = [$"Must be one of: {string.Join(", ", EnumIds.All<PresenceStatus>())}."];
        }

        if (!validExtension || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // The route and the targets kept from 3CX are the extension's: the body is checked against them before anything is stored.
        if (await store.GetAsync(extension, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return NotFound(extension);
        }

        if (body.ApplyTo(current.Forwarding, parsedStatus, errors) is not null)
        {
            body.CheckNumbers(policy, errors);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Should 3CX have changed the route meanwhile, the body no longer fits and nothing changes.
        var update = await presence.SetForwardingAsync(
            extension, forwarding => body.ApplyTo(forwarding, parsedStatus, []) ?? forwarding, ChangeActor.Admin(), cancellationToken).ConfigureAwait(false);
        return update.State is null
            ? NotFound(extension)
            : TypedResults.Ok(StatusForwardingModel.From(update.State.Forwarding, parsedStatus));
    }

    /// <summary>
    /// Puts the extension's change that 3CX refused back in line for one more try: 202 with the extension, or 409
    /// when nothing of it is parked.
    /// </summary>
    internal static async Task<Results<Accepted<ExtensionModel>, ProblemHttpResult, ValidationProblem>> RetryPbxAsync(
        string ext, IPresenceStore store, PbxRetry retry, AdminView view, CancellationToken cancellationToken)
    {
        if (!TryParseExtension(ext, out var extension, out var invalid))
        {
            return invalid;
        }

        if (await store.GetAsync(extension, cancellationToken).ConfigureAwait(false) is not { } state)
        {
            return NotFound(extension);
        }

        if (await retry.RetryAsync(extension, "asked by an admin", cancellationToken).ConfigureAwait(false) == 0)
        {
            return TypedResults.Problem(
                title: "Nothing parked",
                detail: $"Extension {extension} has no change that 3CX refused; nothing to retry.",
                statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.Accepted($"/api/extensions/{extension}", await view.ModelAsync(state, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<HistoryModel[]>, ProblemHttpResult, ValidationProblem>> GetHistoryAsync(
        string ext, int? limit, IPresenceStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var validExtension = TryParseExtension(ext, out var extension, errors);
        if (limit is < 1 or > MaxHistoryLimit)
        {
            errors["limit"] = [$"Must be between 1 and {MaxHistoryLimit}."];
        }

        if (!validExtension || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await store.GetAsync(extension, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(extension);
        }

        var entries = await store.GetHistoryAsync(extension, limit ?? DefaultHistoryLimit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(entries.Select(HistoryModel.From).ToArray());
    }

    internal static async Task<Results<Ok<FavouritesModel>, ProblemHttpResult, ValidationProblem>> GetFavouritesAsync(
        string ext, IPresenceStore store, IColleagueStore colleagues, CancellationToken cancellationToken)
    {
        if (!TryParseExtension(ext, out var extension, out var invalid))
        {
            return invalid;
        }

        if (await store.GetAsync(extension, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(extension);
        }

        var favourites = await colleagues.GetFavouritesAsync(extension, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new FavouritesModel([.. favourites.Select(f => f.Value)]));
    }

    /// <summary>Replaces the colleagues the extension's phone lists first; each must be another existing extension.</summary>
    internal static async Task<Results<Ok<FavouritesModel>, ProblemHttpResult, ValidationProblem>> SetFavouritesAsync(
        string ext, FavouritesModel body, IPresenceStore store, IColleagueStore colleagues, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var validExtension = TryParseExtension(ext, out var extension, errors);
        var favourites = new List<Extension>();
        if (body.Favourites is null)
        {
            errors["favourites"] = ["Required: the extensions to list first, possibly none."];
        }
        else
        {
            if (body.Favourites.Length > ColleagueLists.MaxFavourites)
            {
                errors["favourites"] = [$"At most {ColleagueLists.MaxFavourites}."];
            }

            for (var i = 0; i < body.Favourites.Length; i++)
            {
                if (!Extension.TryParse(body.Favourites[i], out var favourite))
                {
                    errors[$"favourites[{i}]"] = [$"Not an extension: digits only, at most {Extension.MaxLength}."];
                }
                else if (validExtension && favourite == extension)
                {
                    errors[$"favourites[{i}]"] = ["An extension is not its own favourite."];
                }
                else if (await store.GetAsync(favourite, cancellationToken).ConfigureAwait(false) is null)
                {
                    errors[$"favourites[{i}]"] = [$"Extension {favourite} does not exist."];
                }
                else if (!favourites.Contains(favourite))
                {
                    favourites.Add(favourite);
                }
            }
        }

        if (!validExtension || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await store.GetAsync(extension, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(extension);
        }

        await colleagues.SaveFavouritesAsync(extension, favourites, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new FavouritesModel([.. favourites.Select(f => f.Value)]));
    }

    private static bool TryParseExtension(string ext, out Extension extension, out ValidationProblem invalid)
    {
        var errors = new Dictionary<string, string[]>();
        var valid = TryParseExtension(ext, out extension, errors);
        invalid = TypedResults.ValidationProblem(errors);
        return valid;
    }

    private static bool TryParseExtension(string ext, out Extension extension, Dictionary<string, string[]> errors)
    {
        if (Extension.TryParse(ext, out extension))
        {
            return true;
        }

        errors["ext"] = [$"Must be digits only, at most {Extension.MaxLength}."];
        return false;
    }

    private static ProblemHttpResult NotFound(Extension extension) =>
        TypedResults.Problem(title: "Extension not found", detail: $"Extension {extension} does not exist. Create it with PUT /api/extensions/{extension}, or let its phone press DND.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>Turns states into admin models with labels in the office language and any change 3CX refused.</summary>
internal sealed class AdminView(StatusLabels labels, IOptions<SnomOptions> snom, IPbxOutbox outbox)
{
    public const string Origin = "api";

    public async Task<ExtensionModel> ModelAsync(PresenceState state, CancellationToken cancellationToken) =>
        (await ModelsAsync([state], cancellationToken).ConfigureAwait(false))[0];

    public async Task<ExtensionModel[]> ModelsAsync(IReadOnlyList<PresenceState> states, CancellationToken cancellationToken)
    {
        var parked = (await outbox.ListParkedAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Extension, e => e.Parked);
        return [.. states.Select(s => ExtensionModel.From(s, labels, snom.Value.Language, parked.GetValueOrDefault(s.Extension)))];
    }
}
