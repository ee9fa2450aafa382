using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Tournament.Cli;

/// <summary>
/// What a contributed command shares with the host's commands: the one <see cref="Console"/> (results on its output,
/// JSON with <c>--json</c>; problems on its error), verbosity and logging. Throw <see cref="UserInputException"/> for a
/// mistake the user can fix (the host prints the sentence and exits 2). Any other exception prints one line and exits 1
/// (the stack trace only with <c>--verbose</c>); Ctrl-C exits 130.
/// </summary>
public sealed class CommandContext
{
    private readonly Func<bool> _verbose;
    private readonly Func<ILoggerFactory> _loggers;

    /// <summary>Creates a context.</summary>
    /// <param name="console">The console every command writes to.</param>
    /// <param name="verbose">Whether <c>--verbose</c> was given (known once parsing is done).</param>
    /// <param name="loggers">The host's logging, created on first use.</param>
    public CommandContext(CliConsole console, Func<bool> verbose, Func<ILoggerFactory> loggers)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(verbose);
        ArgumentNullException.ThrowIfNull(loggers);
        Console = console;
        _verbose = verbose;
        _loggers = loggers;
    }

    /// <summary>Creates a context over two writers (tests).</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="verbose">Whether <c>--verbose</c> was given (known once parsing is done).</param>
    /// <param name="loggers">The host's logging, created on first use.</param>
    public CommandContext(TextWriter output, TextWriter error, Func<bool> verbose, Func<ILoggerFactory> loggers)
        : this(new CliConsole(output, error), verbose, loggers)
    {
    }

    /// <summary>The console: results, problems and progress.</summary>
    public CliConsole Console { get; }

    /// <summary>The console's output (<see cref="CliConsole.Output"/>): results (tables or JSON).</summary>
    public TextWriter Output => Console.Output;

    /// <summary>The console's error (<see cref="CliConsole.Error"/>): problems and progress lines.</summary>
    public TextWriter Error => Console.Error;

    /// <summary>True when <c>--verbose</c> was given.</summary>
    public bool Verbose => _verbose();

    /// <summary>The host's logging (console, to standard error; debug level with <c>--verbose</c>).</summary>
    public ILoggerFactory Loggers => _loggers();

    /// <summary>A fresh <c>--json</c> option with the host's wording.</summary>
    public static Option<bool> JsonOption() => new("--json")
    {
        Description = "Write the result as JSON on standard output (logs go to standard error).",
    };
}
