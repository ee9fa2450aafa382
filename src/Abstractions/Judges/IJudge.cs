using OneOf;

namespace Tournament.Abstractions;

/// <summary>A judging request: an OpenAI-style conversation.</summary>
/// <param name="Messages">The messages (system, user, …).</param>
/// <param name="Temperature">Sampling temperature (judges use 0).</param>
/// <param name="MaxTokens">The maximum number of tokens to generate.</param>
/// <param name="JsonResponse">Ask the provider for a JSON object response format.</param>
/// <param name="TraceId">An id that links the call to a duel or probe in traces.</param>
public sealed record JudgeRequest(
    IReadOnlyList<ChatMessage> Messages,
    double Temperature = 0,
    int MaxTokens = 1024,
    bool JsonResponse = false,
    string? TraceId = null);

/// <summary>Token usage reported by a provider.</summary>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Completion tokens.</param>
public sealed record JudgeUsage(int PromptTokens, int CompletionTokens);

/// <summary>A judge's answer.</summary>
/// <param name="Text">The answer text (reasoning and content, as configured).</param>
/// <param name="Model">The model that answered.</param>
/// <param name="Provider">The provider that served it (primary or fallback name).</param>
/// <param name="Usage">Token usage, when reported.</param>
/// <param name="Latency">Wall time of the call, retries included.</param>
public sealed record JudgeAnswer(string Text, string Model, string Provider, JudgeUsage? Usage, TimeSpan Latency);

/// <summary>A judge call that produced no answer.</summary>
/// <param name="Reason">One sentence (never containing credentials).</param>
/// <param name="Retryable">True for infrastructure problems (timeouts, 5xx, throttling).</param>
/// <param name="Provider">The provider tried last, if any.</param>
public sealed record JudgeFailure(string Reason, bool Retryable, string? Provider);

/// <summary>A judge's result: <see cref="JudgeAnswer"/> or <see cref="JudgeFailure"/>.</summary>
public sealed class JudgeResult : OneOfBase<JudgeAnswer, JudgeFailure>
{
    private JudgeResult(OneOf<JudgeAnswer, JudgeFailure> value)
        : base(value)
    {
    }

    /// <summary>Converts a <see cref="JudgeAnswer"/>.</summary>
    public static implicit operator JudgeResult(JudgeAnswer value) => new(value);

    /// <summary>Converts a <see cref="JudgeFailure"/>.</summary>
    public static implicit operator JudgeResult(JudgeFailure value) => new(value);
}

/// <summary>One judge model. Failures are returned, not thrown (cancellation excepted).</summary>
public interface IJudge
{
    /// <summary>The model this judge asks.</summary>
    string Model { get; }

    /// <summary>Asks the judge.</summary>
    /// <param name="request">The conversation and settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken);
}
