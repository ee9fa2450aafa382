using Tournament.Abstractions;

namespace Tournament.Engine.Telemetry;

/// <summary>
/// A progress reporter that passes everything on and times each task from start to dispose: the engine's existing
/// progress events become the round's task timings (the KL scorer's <c>teacher: generating</c> is the task <c>teacher</c>).
/// </summary>
internal sealed class TimedProgress(IProgressReporter inner, TimeProvider time, Action<string, double> done) : IProgressReporter
{
    private const int MaxName = 48;

    public IProgressTask Start(string description, double total, string unit = "items") =>
        new TimedTask(inner.Start(description, total, unit), TaskName(description), time, time.GetTimestamp(), done);

    /// <summary>
    /// The task's name in metrics: the text before the first ':' (descriptions carry model names after it, which would
    /// make a series per model), trimmed, lower case, at most 48 characters.
    /// </summary>
    public static string TaskName(string? description)
    {
        var text = (description ?? "").Split(':', 2)[0].Trim().ToLowerInvariant();
        text = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
        return text.Length == 0 ? "task" : text.Length > MaxName ? text[..MaxName] : text;
    }

    private sealed class TimedTask(IProgressTask inner, string name, TimeProvider time, long started, Action<string, double> done) : IProgressTask
    {
        private int _disposed;

        public void Advance(double amount = 1) => inner.Advance(amount);

        public void SetTotal(double total) => inner.SetTotal(total);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                done(name, time.GetElapsedTime(started).TotalSeconds);
            }

            inner.Dispose();
        }
    }
}
