using Spectre.Console;
using Tournament.Engine.Console;

namespace Tournament.Engine.Tests.Console;

public sealed class SpectreProgressReporterTests
{
    [Fact]
    public void Start_TwoTasks_BothRenderedAndDisplayStopsWhenLastEnds()
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = 120;
        var reporter = new SpectreProgressReporter(console);

        var download = reporter.Start("download: model", 100, "bytes");
        var teacher = reporter.Start("teacher: generating", 4, "prompts");
        download.Advance(60);
        download.SetTotal(80);
        teacher.Advance(4);
        teacher.Dispose();
        download.Dispose();

        var text = output.ToString();
        Assert.Contains("download: model", text, StringComparison.Ordinal);
        Assert.Contains("teacher: generating", text, StringComparison.Ordinal);
        Assert.Contains("100%", text, StringComparison.Ordinal);

        // A new task after the display stopped starts a new one.
        using (var again = reporter.Start("again", 1))
        {
            again.Advance();
        }

        Assert.Contains("again", output.ToString(), StringComparison.Ordinal);
    }
}
