using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tournament.Engine.Console;

namespace Tournament.Engine.Tests.Console;

public sealed class LogProgressReporterTests
{
    [Fact]
    public void Advance_LogsAtMostOncePerInterval_AndOnceAtEnd()
    {
        var time = new FakeTimeProvider();
        var logger = new ListLogger();
        var reporter = new LogProgressReporter(logger, time) { Interval = TimeSpan.FromSeconds(10) };

        using (var task = reporter.Start("teacher: generating", 40, "prompts"))
        {
            task.Advance(10);
            time.Advance(TimeSpan.FromSeconds(11));
            task.Advance(10);
            task.Advance(5);
            task.SetTotal(50);
            time.Advance(TimeSpan.FromSeconds(11));
            task.Advance(5);
        }

        Assert.Equal(
            [
                "teacher: generating: started (40 prompts)",
                "teacher: generating: 50% (20/40 prompts)",
                "teacher: generating: 60% (30/50 prompts)",
                "teacher: generating: done (30 prompts in 22 s)",
            ],
            logger.Lines);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
