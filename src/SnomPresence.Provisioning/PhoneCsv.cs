using System.Buffers;
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
    public static IReadOnlyList<CsvRow> Read(string text, List<CsvError> errors)
    {
        var before = errors.Count;
        var records = Split(text.TrimStart('\uFEFF'), errors);
        if (errors.Count > before)
        {
            return [];
        }

        if (records.Count == 0)
        {
            errors.Add(new CsvError(1, "header", $"The file is empty; the first line must name the columns: {string.Join(",", Columns)}."));
            return [];
        }

        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (!Columns.Contains(header[i]))
            {
                var name = header[i].Length > 0 ? header[i] : $"column {i + 1}";
                errors.Add(new CsvError(1, name, $"Unknown column; the columns are {string.Join(",", Columns)}."));
            }
            else if (!index.TryAdd(header[i], i))
            {
                errors.Add(new CsvError(1, header[i], "The column appears twice."));
            }
        }

        foreach (var missing in Required.Where(c => !index.ContainsKey(c)))
        {
            errors.Add(new CsvError(1, missing, "Required column is missing."));
        }

        if (errors.Count > before)
        {
            return [];
        }

        var rows = new List<CsvRow>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                continue;
            }

            if (fields.Count != header.Length)
            {
                errors.Add(new CsvError(line, "row", $"Has {fields.Count} fields; the header has {header.Length}."));
                continue;
            }

            string? Get(string column) => index.TryGetValue(column, out var i) ? fields[i] : null;
            rows.Add(new CsvRow(line, new PhoneFields(
                Get("mac"),
                Get("model"),
                Get("extensions")?.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries),
                Unguarded(Get("display_name")),
                Get("language"),
                Unguarded(Get("web_user")),
                Get("web_password"))));
        }

        return rows;
    }

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
                Quote(Guarded(phone.DisplayName)),
                phone.Language is { } language ? EnumIds.Id(language) : string.Empty,
                Quote(Guarded(phone.WebLogin?.User)),
                string.Empty,
            }).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>
    /// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"): exported, such a
    /// cell gets a leading apostrophe, which spreadsheets show as text and import takes off again.
    /// </summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>
    /// Adds the apostrophe to a cell that would start a formula, and to one that already starts with apostrophes
    /// before such a character, so that <see cref="Unguarded"/> gives every value back exactly.
    /// </summary>
    internal static string? Guarded(string? value) => Dangerous(value) ? "'" + value : value;

    internal static string? Unguarded(string? value) => value is ['\'', ..] && Dangerous(value) ? value[1..] : value;

    private static bool Dangerous(string? value)
    {
        var text = value.AsSpan().TrimStart('\'');
        return !text.IsEmpty && FormulaStarts.Contains(text[0]);
    }

    private static string Quote(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty
        : value.AsSpan().IndexOfAny(",;\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;

    private static List<(int Line, List<string> Fields)> Split(string text, List<CsvError> errors)
    {
        var firstLineEnd = text.IndexOfAny(['\r', '\n']);
        var headerLine = firstLineEnd < 0 ? text : text[..firstLineEnd];
        var delimiter = headerLine.Count(c => c == ';') > headerLine.Count(c => c == ',') ? ';' : ',';

        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteStartLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
                quoteStartLine = line;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add((recordLine, fields));
                fields = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            errors.Add(new CsvError(quoteStartLine, "row", "A quoted field is never closed."));
            return [];
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }
}
