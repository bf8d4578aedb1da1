using System.Text;
using System.Text.RegularExpressions;

namespace SnomPresence.Web.Tests.Deploy;

/// <summary>A systemd unit file read as systemd reads the parts the tests use: <c>Key=value</c> lines, quoted words, <c>${VAR}</c>.</summary>
public sealed partial class SystemdUnit
{
    private readonly List<KeyValuePair<string, string>> _settings;

    private SystemdUnit(string text, List<KeyValuePair<string, string>> settings)
    {
        Text = text;
        _settings = settings;
    }

    public string Text { get; }

    public static SystemdUnit Load(string path)
    {
        var text = File.ReadAllText(path);
        var settings = text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && l[0] is not ('#' or ';' or '[') && l.Contains('=', StringComparison.Ordinal))
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf('=', StringComparison.Ordinal)], l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();
        return new SystemdUnit(text, settings);
    }

    public IReadOnlyList<string> All(string key) => [.. _settings.Where(s => s.Key == key).Select(s => s.Value)];

    public string One(string key) => Assert.Single(All(key));

    /// <summary>A command line split into words as systemd splits it: single or double quotes group, <c>${VAR}</c> is replaced.</summary>
    public static List<string> Words(string commandLine, IReadOnlyDictionary<string, string>? environment = null)
    {
        var expanded = environment is null ? commandLine : Variable().Replace(commandLine, m => environment.GetValueOrDefault(m.Groups[1].Value, ""));
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        foreach (var c in expanded)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ' ')
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
