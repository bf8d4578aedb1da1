using System.Globalization;

namespace SnomPresence.Web.Hosting;

/// <summary>
/// How far a long command (<c>provision render</c>, <c>provision import</c>, <c>store copy</c>) has come: one line per
/// step with the count and the rate, redrawn in place on a terminal. Silent when the output goes to a file or a pipe,
/// so logs and scripts get only the command's result lines.
/// </summary>
internal sealed class CommandProgress : IDisposable
{
    /// <summary>Redrawing more often only costs time; the eye does not see it.</summary>
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    private readonly TextWriter? _terminal;
    private readonly TimeProvider _time;
    private Step? _current;

    /// <param name="terminal">Where the lines go; null for no progress at all.</param>
    public CommandProgress(TextWriter? terminal, TimeProvider time)
    {
        _terminal = terminal;
        _time = time;
    }

    /// <summary>Progress on the console, unless its output is redirected.</summary>
    public static CommandProgress OnConsole(IServiceProvider services) =>
        new(Console.IsOutputRedirected ? null : Console.Out, services.GetRequiredService<TimeProvider>());

    /// <summary>Ends the previous step's line and starts counting <paramref name="what"/>, of <paramref name="total"/> when known.</summary>
    /// <returns>Takes how many are done so far.</returns>
    public IProgress<int> Start(string what, int? total = null)
    {
        _current?.Finish();
        _current = new Step(this, what, total);
        return _current;
    }

    public void Dispose() => _current?.Finish();

    private sealed class Step(CommandProgress owner, string what, int? total) : IProgress<int>
    {
        private readonly Lock _lock = new();
        private readonly long _started = owner._time.GetTimestamp();
        private long? _drawnAt;
        private int _done;
        private bool _finished;

        public void Report(int value)
        {
            lock (_lock)
            {
                _done = value;
                if (_finished || owner._terminal is null
                    || (_drawnAt is { } drawnAt && owner._time.GetElapsedTime(drawnAt) < RedrawInterval))
                {
                    return;
                }

                Draw();
            }
        }

        public void Finish()
        {
            lock (_lock)
            {
                if (_finished || owner._terminal is null)
                {
                    _finished = true;
                    return;
                }

                _finished = true;
                Draw();
                owner._terminal.WriteLine();
                owner._terminal.Flush();
            }
        }

        private void Draw()
        {
            _drawnAt = owner._time.GetTimestamp();
            var seconds = owner._time.GetElapsedTime(_started).TotalSeconds;
            var rate = seconds > 0 ? (_done / seconds).ToString("N0", CultureInfo.InvariantCulture) : "–";
            var count = total is { } all
                ? $"{_done.ToString("N0", CultureInfo.InvariantCulture)} of {all.ToString("N0", CultureInfo.InvariantCulture)}"
                : _done.ToString("N0", CultureInfo.InvariantCulture);
            // Carriage return: the line is redrawn in place; the padding wipes a longer line drawn before.
            owner._terminal!.Write($"\r{what}: {count} ({rate}/s)".PadRight(60));
            owner._terminal.Flush();
        }
    }
}
