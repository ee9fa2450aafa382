namespace Tournament.Abstractions;

/// <summary>
/// Reports progress of long work (downloads, teacher generation, scoring). The engine shows progress bars on a
/// terminal and log lines otherwise. Components receive one through their call context.
/// </summary>
public interface IProgressReporter
{
    /// <summary>Starts a task with a known (or estimated) total.</summary>
    /// <param name="description">What is being done, e.g. "teacher: generating".</param>
    /// <param name="total">The total amount of work.</param>
    /// <param name="unit">The unit of work, e.g. "prompts" or "bytes".</param>
    /// <returns>The task; dispose it when the work ends.</returns>
    IProgressTask Start(string description, double total, string unit = "items");
}

/// <summary>One progress task.</summary>
public interface IProgressTask : IDisposable
{
    /// <summary>Adds done work.</summary>
    /// <param name="amount">The amount of work done since the last call.</param>
    void Advance(double amount = 1);

    /// <summary>Changes the total (for example once a download's size is known).</summary>
    /// <param name="total">The new total.</param>
    void SetTotal(double total);
}

/// <summary>A reporter that shows nothing.</summary>
public sealed class NullProgressReporter : IProgressReporter, IProgressTask
{
    /// <summary>The shared instance.</summary>
    public static NullProgressReporter Instance { get; } = new();

    /// <inheritdoc />
    public IProgressTask Start(string description, double total, string unit = "items") => this;

    /// <inheritdoc />
    public void Advance(double amount = 1)
    {
    }

    /// <inheritdoc />
    public void SetTotal(double total)
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
