using System.Collections.Immutable;

namespace SnomPresence.Web.Tests;

/// <summary>
/// What a test's service and fakes saw, described when one of its waits times out: a wait that fails on a loaded
/// CI machine then says where the change stopped (the service's log, the requests each fake answered).
/// </summary>
public static class TestTrail
{
    private const int LinesPerSource = 60;

    // Registered from constructors the test method calls, so the test's own flow carries them to its waits.
    private static readonly AsyncLocal<ImmutableList<(string Name, Func<IEnumerable<string>> Lines)>> Sources = new();

    public static void Add(string name, Func<IEnumerable<string>> lines) => Sources.Value = (Sources.Value ?? []).Add((name, lines));

    public static string Describe()
    {
        if (Sources.Value is not { IsEmpty: false } sources)
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder();
        foreach (var (name, lines) in sources)
        {
            try
            {
                var all = lines().ToList();
                text.Append('\n').Append("--- ").Append(name).Append(" (last ").Append(Math.Min(all.Count, LinesPerSource)).Append(" of ").Append(all.Count).Append(") ---");
                foreach (var line in all.TakeLast(LinesPerSource))
                {
                    text.Append('\n').Append(line);
                }
            }
            catch (ObjectDisposedException)
            {
                text.Append('\n').Append("--- ").Append(name).Append(": gone ---");
            }
        }

        return text.ToString();
    }
}
