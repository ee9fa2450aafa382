using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tournament.Storage.HuggingFace.Tests.Support;

/// <summary>Keeps every formatted log line (and exception text) so tests can check that secrets never appear.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>Collects progress reports.</summary>
public sealed class RecordingProgress : Tournament.Abstractions.IProgressReporter
{
    public double Total { get; private set; }

    public double Done { get; private set; }

    public Tournament.Abstractions.IProgressTask Start(string description, double total, string unit = "items")
    {
        Total = total;
        return new Task(this);
    }

    private sealed class Task(RecordingProgress owner) : Tournament.Abstractions.IProgressTask
    {
        public void Advance(double amount = 1) => owner.Done += amount;

        public void SetTotal(double total) => owner.Total = total;

        public void Dispose()
        {
        }
    }
}
