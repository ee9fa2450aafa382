using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tournament.Abstractions;

namespace Tournament.Engine.Console;

/// <summary>Chooses the progress display: bars on an interactive terminal, log lines otherwise and with <c>--json</c>.</summary>
internal static class ProgressReporters
{
    public static IProgressReporter Create(IAnsiConsole console, ILoggerFactory loggerFactory, TimeProvider time, bool json)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return !json && console.Profile.Capabilities.Interactive && !System.Console.IsOutputRedirected
            ? new SpectreProgressReporter(console)
            : new LogProgressReporter(loggerFactory.CreateLogger("Tournament.Progress"), time);
    }
}
