using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;
using Tournament.Engine.Rounds;

namespace Tournament.Engine.Cli;

/// <summary>How a <see cref="RoundLoop"/> ended.</summary>
/// <param name="Committed">Rounds committed by this loop.</param>
/// <param name="Failed">Rounds that failed (each retried at the next poll).</param>
internal sealed record RoundLoopStats(int Committed, int Failed);

/// <summary>
/// <c>tournament run</c>: between rounds applies pending plugin reloads, then runs a round whenever the head block is
/// new. A failed round is logged and retried at the next poll; cancellation (Ctrl-C) stops cleanly between rounds or
/// inside one (nothing half-done is committed).
/// </summary>
internal sealed partial class RoundLoop(IEngineHost host, RoundRunner runner, IProgressReporter progress, ILogger<RoundLoop> logger)
{
    public async Task<RoundLoopStats> RunAsync(int? maxRounds, TimeSpan interval, Action<RoundResult> onRound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onRound);
        string? lastHash = null;
        int committed = 0, failed = 0;
        try
        {
            while (maxRounds is null || committed < maxRounds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await host.ApplyPendingReloadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        LogRecomposed(logger, host.Current.Mode);
                    }

                }

                var composition = host.Current;
                var head = await TryAsync(() => composition.Chain.Component.GetHeadAsync(cancellationToken), "reading the chain head").ConfigureAwait(false);
                if (head is not null && !string.Equals(head.Hash, lastHash, StringComparison.OrdinalIgnoreCase))
                {
                    var started = host.Time.GetTimestamp();
                    var result = await TryAsync(() => runner.RunAsync(composition, progress, cancellationToken), $"round at block {head.Number}").ConfigureAwait(false);
                    if (result is null)
                    {
                        failed++;
                        composition.Metrics?.Round(composition.Mode, "failed", host.Time.GetElapsedTime(started).TotalSeconds);
                    }
                    else
                    {
                        lastHash = result.Summary.BlockHash;
                        committed += result.AlreadyCommitted ? 0 : 1;
                        onRound(result);
                        if (maxRounds is not null && committed >= maxRounds)
                        {
                            break;
                        }
                    }
                }

                await Task.Delay(interval, host.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogStopped(logger, committed, failed);
            }

        }

        return new RoundLoopStats(committed, failed);
    }

    private async Task<T?> TryAsync<T>(Func<Task<T>> action, string what)
        where T : class
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRoundFailed(logger, ex, what, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugins reloaded; mode {Mode} recomposed.")]
    private static partial void LogRecomposed(ILogger logger, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped: {Committed} round(s) committed, {Failed} failed.")]
    private static partial void LogStopped(ILogger logger, int committed, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed; nothing was committed, retrying at the next poll: {Error}")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string what, string error);
}
