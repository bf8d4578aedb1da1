using System.Buffers;
using System.Text;

namespace SnomPresence.Provisioning;

/// <summary>One data row of a CSV table: its line (1 is the header) and its cells by column name.</summary>
public sealed record CsvTableRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The cell of <paramref name="column"/>, or null when the file has no such column.</summary>
    public string? Get(string column) => Cells.GetValueOrDefault(column);
}

/// <summary>
/// CSV the way spreadsheets write it, for every import: a header row naming the columns in any order, comma or
/// semicolon separated (German Excel writes semicolons), fields quoted with double quotes where needed.
/// </summary>
public static class CsvTable
{
    /// <summary>
    /// The data rows of <paramref name="text"/> (blank lines skipped); an unknown, repeated or missing column, a row
    /// of the wrong width or an unclosed quote goes to <paramref name="errors"/> instead.
    /// </summary>
    public static IReadOnlyList<CsvTableRow> Read(string text, IReadOnlyList<string> columns, IReadOnlyList<string> required, List<CsvError> errors)
    {
        var before = errors.Count;
        var records = Split(text.TrimStart('\uFEFF'), errors);
        if (errors.Count > before)
        {
            return [];
        }

        if (records.Count == 0)
        {
            errors.Add(new CsvError(1, "header", $"The file is empty; the first line must name the columns: {string.Join(",", columns)}."));
            return [];
        }

        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (!columns.Contains(header[i]))
            {
                var name = header[i].Length > 0 ? header[i] : $"column {i + 1}";
                errors.Add(new CsvError(1, name, $"Unknown column; the columns are {string.Join(",", columns)}."));
            }
            else if (!index.TryAdd(header[i], i))
            {
                errors.Add(new CsvError(1, header[i], "The column appears twice."));
            }
        }

        foreach (var missing in required.Where(c => !index.ContainsKey(c)))
        {
            errors.Add(new CsvError(1, missing, "Required column is missing."));
        }

        if (errors.Count > before)
        {
            return [];
        }

        var rows = new List<CsvTableRow>();
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

            rows.Add(new CsvTableRow(line, index.ToDictionary(c => c.Key, c => fields[c.Value], StringComparer.Ordinal)));
        }

        return rows;
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
    public static string? Guarded(string? value) => Dangerous(value) ? "'" + value : value;

    public static string? Unguarded(string? value) => value is ['\'', ..] && Dangerous(value) ? value[1..] : value;

    private static bool Dangerous(string? value)
    {
        var text = value.AsSpan().TrimStart('\'');
        return !text.IsEmpty && FormulaStarts.Contains(text[0]);
    }

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
