using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Provisioning;

namespace SnomPresence.Web.Admin;

/// <summary>How every CSV import of the admin API answers: the report, or 422 listing each error with nothing changed.</summary>
internal static class CsvImportAnswer
{
    public static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    public static Results<Ok<TReport>, ProblemHttpResult> For<TReport>(TReport report, CsvError[] errors, int rows, bool dryRun) =>
        errors.Length == 0
            ? TypedResults.Ok(report)
            : TypedResults.Problem(
                title: "The import has errors; nothing was changed",
                detail: $"{errors.Length} problem(s) in {rows} row(s). Fix them and import the file again.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["errors"] = errors, ["rows"] = rows, ["dryRun"] = dryRun });
}
