using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tournament.Abstractions;
using Tournament.Engine.Composition;
using Tournament.Engine.Console;

namespace Tournament.Engine.Cli;

/// <summary>
/// What commands share: the console, standard error, logging (created on first use, honouring <c>--verbose</c>) and
/// the engine host factory.
/// </summary>
internal sealed class CliContext(IAnsiConsole console, TextWriter output, TextWriter error) : IDisposable
{
    private ILoggerFactory? _loggerFactory;

    /// <summary>Tables and human output (standard output).</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Plain standard output (JSON).</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Standard error (problems, the final error line).</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Set from <c>--verbose</c> after parsing, before any command runs.</summary>
    public bool Verbose { get; set; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory => _loggerFactory ??= ConsoleLogging.Create(Verbose);

    /// <summary>Starts engine hosts with the CLI's logging and clock.</summary>
    public EngineHostFactory HostFactory => (configPath, cancellationToken) =>
        EngineHost.Factory(new EngineHostOptions { LoggerFactory = LoggerFactory, TimeProvider = Time })(configPath, cancellationToken);

    /// <summary>Progress display for a command: bars on a terminal, log lines otherwise or with <c>--json</c>.</summary>
    public IProgressReporter Progress(bool json) => ProgressReporters.Create(Console, LoggerFactory, Time, json);

    public void Dispose() => _loggerFactory?.Dispose();
}
