namespace Tournament.Cli;

/// <summary>
/// The one console every <c>tournament</c> command writes to, the host's and the plugins' alike: results (tables or
/// JSON) on <see cref="Output"/>, problems, warnings and progress on <see cref="Error"/>. The host creates it once per
/// process over standard output and error; tests create it over <see cref="StringWriter"/>s.
/// </summary>
public sealed class CliConsole
{
    /// <summary>Creates a console over two writers.</summary>
    /// <param name="output">Where results go (standard output).</param>
    /// <param name="error">Where problems and progress go (standard error).</param>
    public CliConsole(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Output = output;
        Error = error;
        OutputIsTerminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        ErrorIsTerminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    }

    /// <summary>Results: tables or JSON.</summary>
    public TextWriter Output { get; }

    /// <summary>Problems, warnings and progress lines.</summary>
    public TextWriter Error { get; }

    /// <summary>True when <see cref="Output"/> is the process's standard output on a terminal (not a file, pipe or test writer).</summary>
    public bool OutputIsTerminal { get; }

    /// <summary>True when <see cref="Error"/> is the process's standard error on a terminal: progress may redraw one line.</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>Writes a result (a line, or a JSON document) to <see cref="Output"/> and flushes it.</summary>
    /// <param name="text">The result text.</param>
    public void WriteResult(string text)
    {
        Output.WriteLine(text);
        Output.Flush();
    }

    /// <summary>Writes one problem sentence to <see cref="Error"/>, control characters escaped (<see cref="CliText.Printable"/>).</summary>
    /// <param name="sentence">The sentence.</param>
    public void WriteProblem(string sentence) => Error.WriteLine(CliText.Printable(sentence));

    /// <summary>Writes <c>warning: &lt;sentence&gt;</c> to <see cref="Error"/>, control characters escaped.</summary>
    /// <param name="sentence">The sentence.</param>
    public void WriteWarning(string sentence) => WriteProblem("warning: " + sentence);

    /// <summary>Writes an exception as one sentence (<see cref="CliText.Sentence"/>) to <see cref="Error"/> and returns <paramref name="exitCode"/>.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="exitCode">The exit code to return (<see cref="ExitCodes"/>).</param>
    public int Fail(Exception exception, int exitCode)
    {
        Error.WriteLine(CliText.Sentence(exception));
        return exitCode;
    }
}
