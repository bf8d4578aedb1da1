using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;
using SnomPresence.Web.Admin;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Colleagues;

/// <summary>A group as the admin API shows it.</summary>
internal sealed record GroupModel(string Id, string Name, string Source, string[] Members)
{
    public static GroupModel From(ColleagueGroup group) => new(group.Id.Value, group.Name, EnumIds.Id(group.Source), [.. group.Members.Select(m => m.Value)]);
}

/// <param name="Members">The group's extensions; an extension may be in several groups.</param>
internal sealed record SetGroupModel(string? Name, string[]? Members);

/// <summary>The admin JSON API over colleague groups (departments): list, read, define, remove, import members by CSV.</summary>
internal static class GroupsEndpoints
{
    private const string CsvMediaType = "text/csv";

    public static RouteGroupBuilder MapGroupsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/groups")
            .WithTags("Groups")
            .RequireAdmin();
        group.MapGet("/", ListAsync).WithSummary("Every colleague group with its members");
        group.MapPost("/import", ImportAsync).WithSummary("Imports group members from CSV, one row per member: all rows or none")
            .Accepts<string>(CsvMediaType)
            .ProducesValidationProblem()
            .Produces<ImportProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .WithRequestExamples(new RequestExample("one-group", "A group of one, named on its row", "group,group_name,extension\r\nvertrieb,Vertrieb,201\r\n", CsvMediaType));
        group.MapGet("/{id}", GetAsync).WithSummary("One group").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id}", SetAsync).WithSummary("Defines the group (201) or replaces it (200) with exactly these members")
            .WithRequestExamples(new RequestExample("vertrieb", "Sales, with extension 201", new SetGroupModel("Vertrieb", ["201"])));
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Removes an admin's group; 3CX's groups are 3CX's to remove")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal static async Task<Ok<GroupModel[]>> ListAsync(IColleagueStore colleagues, CancellationToken cancellationToken) =>
        TypedResults.Ok((await colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false)).Select(GroupModel.From).ToArray());

    internal static async Task<Results<Ok<GroupModel>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string id, IColleagueStore colleagues, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var groupId, out var invalid))
        {
            return invalid;
        }

        var group = (await colleagues.ListGroupsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(g => g.Id == groupId);
        return group is null ? NotFound(groupId) : TypedResults.Ok(GroupModel.From(group));
    }

    /// <summary>Creates (201) or replaces (200) the group with exactly these members; any bad field changes nothing.</summary>
    internal static async Task<Results<Created<GroupModel>, Ok<GroupModel>, ValidationProblem>> SetAsync(
        string id, SetGroupModel body, GroupEditor editor, CancellationToken cancellationToken)
    {
        var (group, created, errors) = await editor.SaveAsync(id, body.Name, body.Members, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var model = GroupModel.From(group);
        return created ? TypedResults.Created($"/api/groups/{group.Id}", model) : TypedResults.Ok(model);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        string id, GroupEditor editor, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var groupId, out var invalid))
        {
            return invalid;
        }

        return await editor.DeleteAsync(groupId, cancellationToken).ConfigureAwait(false) switch
        {
            true => TypedResults.NoContent(),
            false => NotFound(groupId),
            null => TypedResults.Problem(title: "Group from 3CX", detail: $"Group {groupId} comes from 3CX; remove it there.", statusCode: StatusCodes.Status409Conflict),
        };
    }

    /// <summary>
    /// Imports group members from CSV (<c>group,group_name,extension</c>, one row per member). Every row is checked
    /// first; with any error nothing changes and the answer is 422 listing each (line, field, reason).
    /// </summary>
    internal static async Task<Results<Ok<GroupImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, bool? dryRun, GroupEditor editor, CancellationToken cancellationToken)
    {
        var csv = await CsvImportAnswer.ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        var report = await editor.ImportAsync(csv, dryRun ?? false, cancellationToken).ConfigureAwait(false);
        return CsvImportAnswer.For(report, report.Errors, report.Rows, report.DryRun);
    }

    private static bool TryParseId(string id, out GroupId groupId, out ValidationProblem invalid)
    {
        var valid = GroupId.TryParse(id, out groupId);
        invalid = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must be 1 to {GroupId.MaxLength} of a-z, 0-9, '-' and '_'."] });
        return valid;
    }

    private static ProblemHttpResult NotFound(GroupId id) =>
        TypedResults.Problem(title: "Group not found", detail: $"Group {id} does not exist. Define it with PUT /api/groups/{id}.", statusCode: StatusCodes.Status404NotFound);
}
