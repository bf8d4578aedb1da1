using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;
using SnomPresence.Provisioning;
using SnomPresence.Web.Provisioning;
using SnomPresence.Web.Security;

namespace SnomPresence.Web.Admin;

/// <summary>
/// The admin JSON API over the phone inventory: phones, their tokens, their rendered settings, and CSV import and
/// export. Secrets go in but never come out, except a token right after it is made.
/// </summary>
internal static class PhonesEndpoints
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    private const string CsvMediaType = "text/csv";

    private const string ExampleCsv =
        """
        mac,model,extensions,display_name,language,web_user,web_password
        000413A11FA7,D785,201,Empfang,de,admin,the-phones-web-password
        000413A11FA8,D735,202 203,Lager,en,,
        """;

    public static RouteGroupBuilder MapPhonesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/phones")
            .WithTags("Phones")
            .RequireAdmin();
        group.MapGet("/", ListAsync).WithSummary("The phone inventory, without tokens or passwords");
        group.MapGet("/export", ExportAsync).WithSummary("The inventory as CSV, without passwords").Produces<string>(StatusCodes.Status200OK, CsvMediaType);
        group.MapPost("/import", ImportAsync).WithSummary("Imports phones from CSV: all rows or none")
            .Accepts<string>(CsvMediaType)
            .ProducesValidationProblem()
            .Produces<ImportProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")
            .WithRequestExamples(new RequestExample("two-phones", "Two phones, one with two extensions", ExampleCsv, CsvMediaType));
        group.MapGet("/{mac}", GetAsync).WithSummary("One phone").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{mac}", SaveAsync).WithSummary("Adds the phone (201, with its new token) or changes it (200)")
            .WithRequestExamples(new RequestExample("d785", "A D785 for extension 201 with its web login", new SavePhoneModel(
                "D785", ["201"], "Empfang", "de", "admin", "the-phones-web-password")));
        group.MapDelete("/{mac}", DeleteAsync).WithSummary("Removes the phone; its token stops working").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{mac}/token", RotateTokenAsync).WithSummary("Gives the phone a new token").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{mac}/provisioning", GetProvisioningAsync).WithSummary("The phone's settings file exactly as the phone gets it")
            .Produces<string>(StatusCodes.Status200OK, "application/xml").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Ok<PhoneEntryModel[]>> ListAsync(IPhoneInventory inventory, CancellationToken cancellationToken)
    {
        var phones = await inventory.ListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(phones.Select(PhoneEntryModel.From).ToArray());
    }

    internal static async Task<Results<Ok<PhoneEntryModel>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string mac, IPhoneInventory inventory, CancellationToken cancellationToken)
    {
        if (!TryParseMac(mac, out var address, out var invalid))
        {
            return invalid;
        }

        var phone = await inventory.GetAsync(address, cancellationToken).ConfigureAwait(false);
        return phone is null ? NotFound(address) : TypedResults.Ok(PhoneEntryModel.From(phone));
    }

    /// <summary>Creates the phone (201, with its new token) or replaces its data (200; token and, without a new one, the web password stay).</summary>
    internal static async Task<Results<Created<PhoneCreatedModel>, Ok<PhoneEntryModel>, ValidationProblem>> SaveAsync(
        string mac, SavePhoneModel body, InventoryEditor editor, CancellationToken cancellationToken)
    {
        var fields = new PhoneFields(mac, body.Model, body.Extensions, body.DisplayName, body.Language, body.WebUser, body.WebPassword);
        var (phone, created, errors) = await editor.SaveAsync(fields, cancellationToken).ConfigureAwait(false);
        if (phone is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        }

        return created
            ? TypedResults.Created($"/api/phones/{phone.Mac}", new PhoneCreatedModel(PhoneEntryModel.From(phone), phone.Token.Current))
            : TypedResults.Ok(PhoneEntryModel.From(phone));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        string mac, InventoryEditor editor, CancellationToken cancellationToken)
    {
        if (!TryParseMac(mac, out var address, out var invalid))
        {
            return invalid;
        }

        return await editor.DeleteAsync(address, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : NotFound(address);
    }

    /// <summary>A new token for the phone; with <c>immediately=true</c> the old one stops working at once instead of after the grace period.</summary>
    internal static async Task<Results<Ok<TokenModel>, ProblemHttpResult, ValidationProblem>> RotateTokenAsync(
        string mac, bool? immediately, InventoryEditor editor, CancellationToken cancellationToken)
    {
        if (!TryParseMac(mac, out var address, out var invalid))
        {
            return invalid;
        }

        var phone = await editor.RotateTokenAsync(address, immediately ?? false, cancellationToken).ConfigureAwait(false);
        return phone is null ? NotFound(address) : TypedResults.Ok(new TokenModel(phone.Token.Current, phone.Token.PreviousValidUntil));
    }

    /// <summary>The phone's settings file exactly as the phone gets it.</summary>
    internal static async Task<Results<ContentHttpResult, ProblemHttpResult, ValidationProblem>> GetProvisioningAsync(
        string mac, HttpRequest request, IPhoneInventory inventory, PhoneProvisioning provisioning, CancellationToken cancellationToken)
    {
        if (!TryParseMac(mac, out var address, out var invalid))
        {
            return invalid;
        }

        if (await inventory.GetAsync(address, cancellationToken).ConfigureAwait(false) is not { } phone)
        {
            return NotFound(address);
        }

        var site = provisioning.Site(request);
        return TypedResults.Text(provisioning.Render(phone, site), ProvisioningEndpoints.ContentType);
    }

    internal static async Task<ContentHttpResult> ExportAsync(IPhoneInventory inventory, CancellationToken cancellationToken)
    {
        var phones = await inventory.ListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Text(PhoneCsv.Write(phones), CsvContentType);
    }

    /// <summary>
    /// Imports CSV sent as the body. Every row is checked first; with any error nothing changes and the answer is
    /// 422 listing each (line, field, reason). <c>dryRun=true</c> only reports.
    /// </summary>
    internal static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, bool? dryRun, InventoryEditor editor, CancellationToken cancellationToken)
    {
        var csv = await CsvImportAnswer.ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        var report = await editor.ImportAsync(csv, dryRun ?? false, cancellationToken).ConfigureAwait(false);
        return CsvImportAnswer.For(report, report.Errors, report.Rows, report.DryRun);
    }

    private static bool TryParseMac(string mac, out MacAddress address, out ValidationProblem invalid)
    {
        var valid = MacAddress.TryParse(mac, out address);
        invalid = TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["mac"] = ["Must be 12 hex digits, e.g. 000413A11FA7 or 00:04:13:A1:1F:A7."],
        });
        return valid;
    }

    private static ProblemHttpResult NotFound(MacAddress mac) =>
        TypedResults.Problem(title: "Phone not found", detail: $"Phone {mac} is not in the inventory. Add it with PUT /api/phones/{mac} or a CSV import.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A phone of the inventory as the admin API shows it: no password, no token.</summary>
internal sealed record PhoneEntryModel(
    string Mac,
    string Model,
    string[] Extensions,
    string? DisplayName,
    string? Language,
    string? WebUser,
    bool HasWebPassword,
    DateTimeOffset? PreviousTokenValidUntil,
    DateTimeOffset UpdatedAt,
    string ProvisioningFile)
{
    public static PhoneEntryModel From(ProvisionedPhone phone) => new(
        phone.Mac.Value,
        phone.Model.Value,
        [.. phone.Extensions.Select(e => e.Value)],
        phone.DisplayName,
        phone.Language is { } language ? EnumIds.Id(language) : null,
        phone.WebLogin?.User,
        phone.WebLogin is { Password.Length: > 0 },
        phone.Token.PreviousValidUntil,
        phone.UpdatedAt,
        PhoneProvisioning.FileName(phone));
}

/// <param name="WebPassword">Empty keeps the stored one.</param>
internal sealed record SavePhoneModel(string? Model, string[]? Extensions, string? DisplayName, string? Language, string? WebUser, string? WebPassword)
{
    public override string ToString() => $"{Model} (password hidden)";
}

/// <summary>A new phone with its token: the only time the API shows a token outside its provisioning file.</summary>
internal sealed record PhoneCreatedModel(PhoneEntryModel Phone, string Token);

internal sealed record TokenModel(string Token, DateTimeOffset? PreviousValidUntil);

/// <summary>The answer to an import with errors (422): every problem with its line and field; nothing was changed.</summary>
internal sealed record ImportProblem(string? Type, string Title, int Status, string Detail, CsvError[] Errors, int Rows, bool DryRun);
