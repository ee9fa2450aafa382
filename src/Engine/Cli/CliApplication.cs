using System.CommandLine;
using Tournament.Cli;
using Tournament.Engine.Configuration;

namespace Tournament.Engine.Cli;

/// <summary>
/// The <c>tournament</c> command line: builds the commands, parses, runs, and maps failures to exit codes —
/// configuration and input errors (and values a library refuses with an ArgumentException) print every problem and exit 2, control characters escaped, Ctrl-C stops cleanly (130), anything else prints
/// one line (the stack trace only with <c>--verbose</c>) and exits 1.
/// </summary>
internal static class CliApplication
{
    public static Task<int> RunAsync(string[] args, CliConsole console) =>
        RunAsync(args, console, context => CommandCatalog.Create(context, args, CommandModules.DefaultFolder));

    /// <summary>Runs over two writers (tests).</summary>
    internal static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, new CliConsole(output, error));

    /// <summary>Runs with the given commands over two writers (tests pass their own to exercise the error handling).</summary>
    internal static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<CliContext, IEnumerable<Command>> commands) =>
        RunAsync(args, new CliConsole(output, error), commands);

    internal static async Task<int> RunAsync(string[] args, CliConsole console, Func<CliContext, IEnumerable<Command>> commands)
    {
        ArgumentNullException.ThrowIfNull(console);
        var error = console.Error;
        using var context = new CliContext(console);
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Debug logging, and stack traces on errors.", Recursive = true };
        var root = new RootCommand("Tournament: runs king-of-the-hill distillation competitions with plugin-defined modes.");
        root.Options.Add(verbose);
        foreach (var command in commands(context))
        {
            root.Subcommands.Add(command);
        }

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (InvalidOperationException ex)
        {
            // A command validator read a value the parser could not convert ("Cannot parse argument 'abc' for option '--x' as expected type …").
            var message = ex.Message;
            var cut = message.IndexOf(" as expected type", StringComparison.Ordinal);
            console.WriteProblem((cut > 0 ? message[..cut] : message) + ".");
            await error.WriteLineAsync("Run 'tournament --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        context.Verbose = parse.GetValue(verbose);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                console.WriteProblem(problem.Message);
            }

            await error.WriteLineAsync("Run 'tournament --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        try
        {
            // Ctrl-C cancels the command's token and lets it finish (run prints its summary line); a second Ctrl-C
            // is the default: the process ends.
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = console.Output, Error = error, ProcessTerminationTimeout = null };
            using var interrupted = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = !interrupted.IsCancellationRequested;
                interrupted.Cancel();
            };
            System.Console.CancelKeyPress += onCancel;
            try
            {
                return await parse.InvokeAsync(configuration, interrupted.Token).ConfigureAwait(false);
            }
            finally
            {
                System.Console.CancelKeyPress -= onCancel;
            }
        }
        catch (ConfigurationException ex)
        {
            foreach (var problem in ex.Problems)
            {
                console.WriteProblem(problem.ToString());
            }

            return ExitCodes.InvalidInput;
        }
        catch (UserInputException ex)
        {
            console.WriteProblem(ex.Message);
            return ExitCodes.InvalidInput;
        }
        catch (ArgumentException ex) when (ex is not ArgumentNullException)
        {
            // What reaches here from a command is a value the user gave (a hotkey, a size) that a library refused.
            await error.WriteLineAsync(CliText.Sentence(ex)).ConfigureAwait(false);
            if (context.Verbose)
            {
                await error.WriteLineAsync(CliText.PrintableLines(ex.ToString())).ConfigureAwait(false);
            }

            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Stopped.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"error: {CliText.Sentence(ex)}").ConfigureAwait(false);
            if (context.Verbose)
            {
                await error.WriteLineAsync(CliText.PrintableLines(ex.ToString())).ConfigureAwait(false);
            }

            return ExitCodes.Error;
        }
    }
}
