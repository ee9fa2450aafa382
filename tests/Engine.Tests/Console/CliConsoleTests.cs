using Tournament.Cli;
using Tournament.Engine.Cli;

namespace Tournament.Engine.Tests.Console;

public sealed class CliConsoleTests
{
    [Fact]
    public void WriteProblem_EscapesControlCharactersOnError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter { NewLine = "\n" };
        var console = new CliConsole(output, error);

        console.WriteProblem("bad \u001b[31mhotkey");
        console.WriteWarning("second\nline");

        Assert.Equal("bad \\u001B[31mhotkey\nwarning: second\\u000Aline\n", error.ToString());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void Fail_WritesOneSentenceAndReturnsTheCode()
    {
        using var output = new StringWriter();
        using var error = new StringWriter { NewLine = "\n" };
        var console = new CliConsole(output, error);

        var code = console.Fail(new ArgumentException("--top-k must be at least 1.\nmore detail", "topK"), ExitCodes.InvalidInput);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("--top-k must be at least 1.\n", error.ToString());
    }

    [Fact]
    public void TestWriters_AreNotTerminals()
    {
        var console = new CliConsole(new StringWriter(), new StringWriter());

        Assert.False(console.OutputIsTerminal);
        Assert.False(console.ErrorIsTerminal);
    }

    [Fact]
    public void CliContext_GivesPluginCommandsTheSameConsole()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var context = new CliContext(new CliConsole(output, error));

        Assert.Same(context.Console, context.Commands.Console);
        Assert.Same(output, context.Commands.Output);
        Assert.Same(error, context.Commands.Error);
        Assert.Equal(CliContext.RedirectedWidth, context.Tables.Profile.Width);
    }
}
