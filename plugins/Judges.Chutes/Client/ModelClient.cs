using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Tournament.Abstractions;
using Tournament.Plugins.Judges.Chutes.Options;
using Tournament.Plugins.Judges.Chutes.Protocol;

namespace Tournament.Plugins.Judges.Chutes.Client;

/// <summary>What one provider made of one judge call, after its retries.</summary>
internal sealed record ProviderResult(AttemptResult Result, string Provider, string Model)
{
    public bool IsSuccess => Result is AttemptResult.Success;
}

/// <summary>
/// One model at one provider: a Polly pipeline (overall deadline, then throttling retries that do not count as failures,
/// then bounded retries of transient failures, then the per-model concurrency limiter) around one HTTP attempt.
/// </summary>
internal sealed partial class ModelClient
{
    public const string HttpClientName = "Tournament.Judges.Chutes";

    private readonly IHttpClientFactory _http;
    private readonly ProviderEndpoint _endpoint;
    private readonly CallSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _deadline;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;

    public ModelClient(
        IHttpClientFactory http, ProviderEndpoint endpoint, string model, int maxConcurrency,
        ChutesOptions options, TimeProvider time, ILogger logger, Func<double>? random = null)
    {
        _http = http;
        _endpoint = endpoint;
        _settings = CallSettings.From(options);
        _time = time;
        _logger = logger;
        _deadline = options.Deadline;
        Model = model;
        var unit = random ?? Random.Shared.NextDouble;
        var builder = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.Deadline })
            .AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is AttemptResult.Throttled),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff.Throttle(
                    (args.Outcome.Result as AttemptResult.Throttled)?.RetryAfter, args.AttemptNumber, options.BaseDelay, options.MaxDelay, unit())),
                OnRetry = args => Retrying(args.Outcome.Result, args.AttemptNumber, args.RetryDelay),
            });
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is AttemptResult.Transient),
                MaxRetryAttempts = options.MaxAttempts - 1,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff.Exponential(args.AttemptNumber, options.BaseDelay, options.MaxDelay, unit())),
                OnRetry = args => Retrying(args.Outcome.Result, args.AttemptNumber, args.RetryDelay),
            });
        }

        _pipeline = builder
            .AddConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = maxConcurrency, QueueLimit = int.MaxValue })
            .Build();
    }

    public string Model { get; }

    public string Provider => _endpoint.Name;

    public async Task<ProviderResult> ExecuteAsync(JudgeRequest request, CancellationToken cancellationToken)
    {
        var call = new ChatCompletionCall(_http.CreateClient(HttpClientName), _endpoint, _settings, _time);
        try
        {
            var result = await _pipeline.ExecuteAsync(
                static (state, token) => new ValueTask<AttemptResult>(state.call.SendAsync(state.Model, state.request, token)),
                (call, Model, request),
                cancellationToken).ConfigureAwait(false);
            return new ProviderResult(result, Provider, Model);
        }
        catch (TimeoutRejectedException)
        {
            var reason = $"{Provider} gave no answer for {Model} within the deadline of {_deadline.TotalSeconds:0.###} s (throttling waits and retries included).";
            return new ProviderResult(new AttemptResult.Transient(reason), Provider, Model);
        }
    }

    private ValueTask Retrying(AttemptResult? result, int attempt, TimeSpan delay)
    {
        var (kind, reason) = result switch
        {
            AttemptResult.Throttled t => ("throttled", t.Reason),
            AttemptResult.Transient t => ("failed", t.Reason),
            _ => ("failed", "unknown"),
        };
        LogRetry(Provider, Model, kind, reason, attempt + 1, delay.TotalMilliseconds);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} {Model} {Kind}: {Reason} Retry {Retry} in {DelayMs:0} ms.")]
    private partial void LogRetry(string provider, string model, string kind, string reason, int retry, double delayMs);
}
