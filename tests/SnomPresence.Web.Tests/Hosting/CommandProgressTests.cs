using Microsoft.Extensions.Time.Testing;
using SnomPresence.Web.Hosting;

namespace SnomPresence.Web.Tests.Hosting;

public sealed class CommandProgressTests
{
    [Fact]
    public void Report_OnATerminal_ShowsCountOfTotalAndRate_RedrawnInPlaceAtMostFiveTimesASecond()
    {
        var time = new FakeTimeProvider();
        var terminal = new StringWriter();
        using (var progress = new CommandProgress(terminal, time))
        {
            var files = progress.Start("Phone files written", 5000);
            time.Advance(TimeSpan.FromSeconds(1));
            files.Report(1000);
            // Within 200 ms of the last drawing: counted, not drawn.
            time.Advance(TimeSpan.FromMilliseconds(100));
            files.Report(1100);
            time.Advance(TimeSpan.FromMilliseconds(900));
            files.Report(2000);
        }

        var lines = terminal.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        Assert.Equal(["Phone files written: 1,000 of 5,000 (1,000/s)", "Phone files written: 2,000 of 5,000 (1,000/s)", "Phone files written: 2,000 of 5,000 (1,000/s)"], lines);
        Assert.EndsWith(Environment.NewLine, terminal.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ANextStep_EndsThePreviousLineFirst()
    {
        var time = new FakeTimeProvider();
        var terminal = new StringWriter();
        using (var progress = new CommandProgress(terminal, time))
        {
            var read = progress.Start("Extensions read", 2);
            time.Advance(TimeSpan.FromSeconds(1));
            read.Report(2);
            var written = progress.Start("Records written");
            time.Advance(TimeSpan.FromSeconds(2));
            written.Report(10);
        }

        var text = terminal.ToString();
        var newline = text.IndexOf(Environment.NewLine, StringComparison.Ordinal);
        Assert.Contains("Extensions read: 2 of 2 (2/s)", text[..newline], StringComparison.Ordinal);
        Assert.Contains("Records written: 10 (5/s)", text[newline..], StringComparison.Ordinal);
    }
}
