using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Tournament.Cli;

/// <summary>
/// What a contributed command shares with the host's commands. Write results to <see cref="Output"/> (JSON with
/// <c>--json</c>), problems to <see cref="Error"/>; throw <see cref="UserInputException"/> for a mistake the user can fix
/// (the host prints the sentence and exits 2). Any other exception prints one line and exits 1 (the stack trace only
/// with <c>--verbose</c>); Ctrl-C exits 130.
/// </summary>
public sealed class CommandContext
{
    private readonly Func<bool> _verbose;
    private readonly Func<ILoggerFactory> _loggers;

    /// <summary>Creates a context.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="verbose">Whether <c>--verbose</c> was given (known once parsing is done).</param>
    /// <param name="loggers">The host's logging, created on first use.</param>
    public CommandContext(TextWriter output, TextWriter error, Func<bool> verbose, Func<ILoggerFactory> loggers)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(verbose);
        ArgumentNullException.ThrowIfNull(loggers);
        Output = output;
        Error = error;
        _verbose = verbose;
        _loggers = loggers;
    }

    /// <summary>Standard output: results (tables or JSON).</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: problems and progress lines.</summary>
    public TextWriter Error { get; }

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
