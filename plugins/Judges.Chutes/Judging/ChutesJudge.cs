using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Plugins.Judges.Chutes.Client;
using Tournament.Plugins.Judges.Chutes.Options;
using Tournament.Plugins.Judges.Chutes.Protocol;

namespace Tournament.Plugins.Judges.Chutes.Judging;

/// <summary>
/// One judge model: asks the primary provider and, when a fallback is configured, routes through the circuit breaker
/// (sequential: fallback after a failed primary call; race: both at once, first answer wins).
/// </summary>
internal sealed partial class ChutesJudge(
    string name,
    ModelClient primary,
    Route? fallback,
    TimeProvider time,
    ILogger<ChutesJudge> logger) : IJudge
{
    private readonly ILogger _logger = logger;

    public string Name => name;

    public string Model => primary.Model;

    public async Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        ProviderResult result;
        try
        {
            result = await RouteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Failures are returned, not thrown; the message is redacted of both keys.
            var reason = $"Unexpected {exception.GetType().Name} while asking {primary.Provider} for {Model}.";
            LogFailed(name, primary.Provider, Model, reason, request.TraceId);
            return new JudgeFailure(reason, Retryable: true, primary.Provider);
        }

        var latency = time.GetElapsedTime(started);
        switch (result.Result)
        {
            case AttemptResult.Success success:
                LogAnswered(name, result.Provider, result.Model, latency.TotalMilliseconds,
                    success.Usage?.PromptTokens, success.Usage?.CompletionTokens, request.TraceId);
                return new JudgeAnswer(success.Text, result.Model, result.Provider, success.Usage, latency);
            default:
                var (reason, retryable) = Describe(result.Result);
                LogFailed(name, result.Provider, result.Model, reason, request.TraceId);
                return new JudgeFailure(reason, retryable, result.Provider);
        }
    }

    private async Task<ProviderResult> RouteAsync(JudgeRequest request, CancellationToken cancellationToken)
    {
        if (fallback is null)
        {
            return await primary.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!fallback.Circuit.TryUsePrimary(out var probe))
        {
            return await fallback.Client.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (fallback.Mode == FallbackMode.Sequential)
        {
            var first = await PrimaryAsync(request, probe, cancellationToken).ConfigureAwait(false);
            return first.IsSuccess ? first : Combine(first, await fallback.Client.ExecuteAsync(request, cancellationToken).ConfigureAwait(false));
        }

        return await RaceAsync(request, probe, fallback.Client, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProviderResult> RaceAsync(JudgeRequest request, bool probe, ModelClient other, CancellationToken cancellationToken)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var primaryTask = PrimaryAsync(request, probe, race.Token);
        var fallbackTask = other.ExecuteAsync(request, race.Token);
        var winner = await Task.WhenAny(primaryTask, fallbackTask).ConfigureAwait(false);
        var loser = winner == primaryTask ? fallbackTask : primaryTask;
        var first = await winner.ConfigureAwait(false);
        if (first.IsSuccess)
        {
            await race.CancelAsync().ConfigureAwait(false);
            try
            {
                await loser.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The loser was cancelled because the winner answered.
            }

            return first;
        }

        var second = await loser.ConfigureAwait(false);
        return second.IsSuccess ? second : Combine(winner == primaryTask ? first : second, winner == primaryTask ? second : first);
    }

    private async Task<ProviderResult> PrimaryAsync(JudgeRequest request, bool probe, CancellationToken cancellationToken)
    {
        var circuit = fallback!.Circuit;
        ProviderResult result;
        try
        {
            result = await primary.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            circuit.Abandon(probe);
            throw;
        }

        if (circuit.Record(result.IsSuccess, probe) is { } change)
        {
            LogCircuit(name, primary.Provider, change, fallback.Client.Provider);
        }

        return result;
    }

    private static ProviderResult Combine(ProviderResult primaryResult, ProviderResult fallbackResult)
    {
        if (fallbackResult.IsSuccess)
        {
            return fallbackResult;
        }

        var (first, _) = Describe(primaryResult.Result);
        var (second, _) = Describe(fallbackResult.Result);
        var reason = $"Both providers failed. {first} Fallback: {second}";
        return fallbackResult with { Result = fallbackResult.Result is AttemptResult.Fatal ? new AttemptResult.Fatal(reason) : new AttemptResult.Transient(reason) };
    }

    private static (string Reason, bool Retryable) Describe(AttemptResult result) => result switch
    {
        AttemptResult.Fatal fatal => (fatal.Reason, false),
        AttemptResult.Transient transient => (transient.Reason, true),
        AttemptResult.Throttled throttled => (throttled.Reason, true),
        _ => ("The provider gave no answer.", true),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Judge {Judge} answered via {Provider} ({Model}) in {LatencyMs:0} ms; tokens {PromptTokens}/{CompletionTokens}; trace {TraceId}.")]
    private partial void LogAnswered(string judge, string provider, string model, double latencyMs, int? promptTokens, int? completionTokens, string? traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Judge {Judge} failed via {Provider} ({Model}): {Reason} Trace {TraceId}.")]
    private partial void LogFailed(string judge, string provider, string model, string reason, string? traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Judge {Judge}: circuit of {Provider} is now {State}; fallback {Fallback}.")]
    private partial void LogCircuit(string judge, string provider, CircuitState state, string fallback);
}

/// <summary>The fallback route of one judge: the fallback model client, the mode, and the primary's circuit.</summary>
internal sealed record Route(ModelClient Client, FallbackMode Mode, PrimaryCircuit Circuit);
