namespace Tournament.Engine.Telemetry;

/// <summary>
/// Times component calls: records each call's duration and outcome in <see cref="EngineMetrics"/> (when there is one)
/// and hands the duration to the round's <see cref="RoundWatch"/> (when the call belongs to a round).
/// </summary>
internal sealed class CallTimer(EngineMetrics? metrics, TimeProvider time, Action<ComponentCall, double>? sink = null)
{
    /// <summary>Runs and times an asynchronous call; <paramref name="outcome"/> classifies its result.</summary>
    public async Task<T> TimeAsync<T>(ComponentCall call, Func<Task<T>> run, Func<T, string> outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outcome);
        var started = time.GetTimestamp();
        var result = CallOutcomes.Error;
        try
        {
            var value = await run().ConfigureAwait(false);
            result = value is null ? CallOutcomes.Error : outcome(value);
            return value;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = CallOutcomes.Cancelled;
            throw;
        }
        finally
        {
            Done(call, result, started);
        }
    }

    /// <summary>Runs and times a synchronous call (ok unless it throws).</summary>
    public T Time<T>(ComponentCall call, Func<T> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var started = time.GetTimestamp();
        var result = CallOutcomes.Error;
        try
        {
            var value = run();
            result = CallOutcomes.Ok;
            return value;
        }
        finally
        {
            Done(call, result, started);
        }
    }

    private void Done(ComponentCall call, string result, long started)
    {
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        metrics?.Call(call, result, seconds);
        sink?.Invoke(call, seconds);
    }
}
