using System.Collections.Frozen;
using System.Text;
using SnomPresence.Presence;

namespace SnomPresence.Provisioning;

/// <summary>One thing wrong with an import: the line (1 is the header), the column and why.</summary>
public sealed record CsvError(int Line, string Field, string Reason);

/// <summary>A data row of an import, with its line number.</summary>
public sealed record CsvRow(int Line, PhoneFields Fields);

/// <summary>
/// The inventory as CSV, the way spreadsheets write it: a header row naming the columns in any order, comma or
/// semicolon separated (German Excel writes semicolons), fields quoted with double quotes where needed, several
/// extensions separated by spaces. Passwords are never exported; an empty <c>web_password</c> keeps the stored one.
/// </summary>
public static class PhoneCsv
{
    public static readonly IReadOnlyList<string> Columns = ["mac", "model", "extensions", "display_name", "language", "web_user", "web_password"];

    private static readonly FrozenDictionary<string, string> ColumnOfField = new Dictionary<string, string>
    {
        [PhoneInput.MacField] = "mac",
        [PhoneInput.ModelField] = "model",
        [PhoneInput.ExtensionsField] = "extensions",
        [PhoneInput.DisplayNameField] = "display_name",
        [PhoneInput.LanguageField] = "language",
        [PhoneInput.WebUserField] = "web_user",
        [PhoneInput.WebPasswordField] = "web_password",
    }.ToFrozenDictionary();

    private static readonly string[] Required = ["mac", "model", "extensions"];

    /// <summary>The CSV column for an error reported under an API field name.</summary>
    public static string Column(string field) => ColumnOfField.GetValueOrDefault(field, field);

    /// <summary>Splits <paramref name="text"/> into rows; what cannot be read at all (header, quoting) goes to the errors.</summary>
    public static IReadOnlyList<CsvRow> Read(string text, List<CsvError> errors) =>
        [.. CsvTable.Read(text, Columns, Required, errors).Select(row => new CsvRow(row.Line, new PhoneFields(
            row.Get("mac"),
            row.Get("model"),
            row.Get("extensions")?.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries),
            CsvTable.Unguarded(row.Get("display_name")),
            row.Get("language"),
            CsvTable.Unguarded(row.Get("web_user")),
            row.Get("web_password"))))];

    /// <summary>The inventory as CSV, comma separated; the web password column stays empty.</summary>
    public static string Write(IEnumerable<ProvisionedPhone> phones)
    {
        var csv = new StringBuilder().AppendJoin(',', Columns).Append("\r\n");
        foreach (var phone in phones)
        {
            csv.AppendJoin(',', new[]
            {
                phone.Mac.Value,
                phone.Model.Value,
                string.Join(' ', phone.Extensions.Select(e => e.Value)),
                Quote(CsvTable.Guarded(phone.DisplayName)),
                phone.Language is { } language ? EnumIds.Id(language) : string.Empty,
                Quote(CsvTable.Guarded(phone.WebLogin?.User)),
                string.Empty,
            }).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Quote(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty
        : value.AsSpan().IndexOfAny(",;\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
