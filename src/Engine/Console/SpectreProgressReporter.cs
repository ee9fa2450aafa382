using Spectre.Console;
using Tournament.Abstractions;

namespace Tournament.Engine.Console;

/// <summary>
/// Progress bars on an interactive terminal. A live Spectre progress display runs while at least one task is open
/// and stops when the last one is disposed.
/// </summary>
internal sealed class SpectreProgressReporter(IAnsiConsole console) : IProgressReporter
{
    private readonly Lock _lock = new();
    private ProgressContext? _context;
    private TaskCompletionSource? _allDone;
    private Task? _display;
    private int _open;

    public IProgressTask Start(string description, double total, string unit = "items")
    {
        ProgressContext context;
        lock (_lock)
        {
            if (_context is null)
            {
                var ready = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _allDone = done;
                _display = console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        ready.SetResult(ctx);
                        await done.Task.ConfigureAwait(false);
                    });
                _context = ready.Task.GetAwaiter().GetResult();
            }

            context = _context;
            _open++;
        }

        var task = context.AddTask($"{Markup.Escape(description)} [grey]({Markup.Escape(unit)})[/]", maxValue: Math.Max(total, 0));
        return new BarTask(this, task);
    }

    private void Closed()
    {
        Task? display = null;
        lock (_lock)
        {
            if (--_open == 0)
            {
                _allDone?.TrySetResult();
                display = _display;
                _context = null;
                _display = null;
            }
        }

        display?.GetAwaiter().GetResult();
    }

    private sealed class BarTask(SpectreProgressReporter owner, ProgressTask task) : IProgressTask
    {
        private int _disposed;

        public void Advance(double amount = 1) => task.Increment(amount);

        public void SetTotal(double total) => task.MaxValue = Math.Max(total, 0);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                task.Value = task.MaxValue;
                task.StopTask();
                owner.Closed();
            }
        }
    }
}
