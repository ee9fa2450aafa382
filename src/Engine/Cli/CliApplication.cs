using System.CommandLine;
using Spectre.Console;
using Tournament.Cli;
using Tournament.Engine.Configuration;

namespace Tournament.Engine.Cli;

/// <summary>
/// The <c>tournament</c> command line: builds the commands, parses, runs, and maps failures to exit codes —
/// configuration and input errors print every problem and exit 2, Ctrl-C stops cleanly (130), anything else prints
/// one line (the stack trace only with <c>--verbose</c>) and exits 1.
/// </summary>
internal static class CliApplication
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, context => CommandCatalog.Create(context, args, CommandModules.DefaultFolder));

    /// <summary>Runs with the given commands (tests pass their own to exercise the error handling).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<CliContext, IEnumerable<Command>> commands)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (System.Console.IsOutputRedirected)
        {
            // No terminal width to honour: keep table cells (paths, names) on one line for logs and greps.
            console.Profile.Width = 240;
        }

        using var context = new CliContext(console, output, error);
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Debug logging, and stack traces on errors.", Recursive = true };
        var root = new RootCommand("Tournament: runs king-of-the-hill distillation competitions with plugin-defined modes.");
        root.Options.Add(verbose);
        foreach (var command in commands(context))
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        context.Verbose = parse.GetValue(verbose);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'tournament --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        try
        {
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
            return await parse.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (ConfigurationException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.InvalidInput;
        }
        catch (UserInputException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Stopped.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            if (context.Verbose)
            {
                await error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.Error;
        }
    }
}
