using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tournament.Abstractions;
using Tournament.Cli;
using Tournament.Engine.Composition;
using Tournament.Engine.Console;

namespace Tournament.Engine.Cli;

/// <summary>
/// What commands share: the one <see cref="CliConsole"/> (tables drawn over its output), logging (created on first use,
/// honouring <c>--verbose</c>) and the engine host factory. Plugin-contributed commands get the same console through
/// <see cref="Commands"/>.
/// </summary>
internal sealed class CliContext : IDisposable
{
    /// <summary>Table width when the output is not a terminal (a file, a pipe, CI logs): keeps cells (paths, names) on one line.</summary>
    internal const int RedirectedWidth = 240;

    private ILoggerFactory? _loggerFactory;

    public CliContext(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        Console = console;
        Tables = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Output) });
        if (!console.OutputIsTerminal)
        {
            Tables.Profile.Width = RedirectedWidth;
        }

        Commands = new CommandContext(console, () => Verbose, () => LoggerFactory);
    }

    /// <summary>Results, problems and progress: the console every command writes to.</summary>
    public CliConsole Console { get; }

    /// <summary>Tables and markup, drawn on <see cref="CliConsole.Output"/>.</summary>
    public IAnsiConsole Tables { get; }

    /// <summary>What plugin-contributed commands get: the same console, verbosity and logging.</summary>
    public CommandContext Commands { get; }

    /// <summary>Set from <c>--verbose</c> after parsing, before any command runs.</summary>
    public bool Verbose { get; set; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory => _loggerFactory ??= ConsoleLogging.Create(Verbose);

    /// <summary>Starts engine hosts with the CLI's logging and clock.</summary>
    public EngineHostFactory HostFactory => (configPath, cancellationToken) =>
        EngineHost.Factory(new EngineHostOptions { LoggerFactory = LoggerFactory, TimeProvider = Time })(configPath, cancellationToken);

    /// <summary>Progress display for a command: bars on a terminal, log lines otherwise or with <c>--json</c>.</summary>
    public IProgressReporter Progress(bool json) => ProgressReporters.Create(Tables, LoggerFactory, Time, json);

    /// <summary>Writes a result as JSON or as tables.</summary>
    public void Write<T>(bool json, T value, Func<T, string> toJson, Action<IAnsiConsole, T> toTables)
    {
        ArgumentNullException.ThrowIfNull(toJson);
        ArgumentNullException.ThrowIfNull(toTables);
        if (json)
        {
            Console.WriteResult(toJson(value));
        }
        else
        {
            toTables(Tables, value);
        }
    }

    public void Dispose() => _loggerFactory?.Dispose();
}
