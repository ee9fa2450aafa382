using System.Globalization;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Engine.Console;

/// <summary>
/// Progress as log lines, for non-interactive output (CI, services, <c>--json</c>): a line when a task starts, at most
/// one line per <see cref="Interval"/> while it runs, and one when it ends.
/// </summary>
internal sealed partial class LogProgressReporter(ILogger logger, TimeProvider time) : IProgressReporter
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public IProgressTask Start(string description, double total, string unit = "items")
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var shown = Format(total);
            LogStarted(logger, description, shown, unit);
        }

        return new Task(this, description, total, unit);
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private sealed class Task(LogProgressReporter owner, string description, double total, string unit) : IProgressTask
    {
        private readonly Lock _lock = new();
        private readonly long _started = owner.Time.GetTimestamp();
        private long _lastReport = owner.Time.GetTimestamp();
        private double _done;
        private double _total = total;
        private bool _disposed;

        public void Advance(double amount = 1)
        {
            lock (_lock)
            {
                _done += amount;
                if (owner.Time.GetElapsedTime(_lastReport) >= owner.Interval && owner.Logger.IsEnabled(LogLevel.Information))
                {
                    _lastReport = owner.Time.GetTimestamp();
                    var percent = _total > 0 ? Math.Min(100, 100 * _done / _total) : 0;
                    string shownPercent = Format(percent), shownDone = Format(_done), shownTotal = Format(_total);
                    LogAdvanced(owner.Logger, description, shownPercent, shownDone, shownTotal, unit);
                }
            }
        }

        public void SetTotal(double value)
        {
            lock (_lock)
            {
                _total = value;
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                var seconds = owner.Time.GetElapsedTime(_started).TotalSeconds;
                if (!owner.Logger.IsEnabled(LogLevel.Information))
                {
                    return;
                }

                string shownDone = Format(_done), shownSeconds = Format(seconds);
                LogDone(owner.Logger, description, shownDone, unit, shownSeconds);
            }
        }
    }

    private ILogger Logger => logger;

    private TimeProvider Time => time;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Task}: started ({Total} {Unit})")]
    private static partial void LogStarted(ILogger logger, string task, string total, string unit);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Task}: {Percent}% ({Done}/{Total} {Unit})")]
    private static partial void LogAdvanced(ILogger logger, string task, string percent, string done, string total, string unit);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Task}: done ({Done} {Unit} in {Seconds} s)")]
    private static partial void LogDone(ILogger logger, string task, string done, string unit, string seconds);
}
