using Tournament.Abstractions;

namespace Tournament.Inference.Remote;

/// <summary>One chat completion to ask a remote OpenAI-compatible server (vLLM, SGLang, ...) for; always n = 1.</summary>
/// <param name="Model">The served model name.</param>
/// <param name="Messages">The conversation.</param>
public sealed record RemoteChatRequest(string Model, IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>Sampling temperature (0: greedy).</summary>
    public double Temperature { get; init; }

    /// <summary>Nucleus mass; null leaves the server default.</summary>
    public double? TopP { get; init; }

    /// <summary>The most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Per-request sampler seed (vLLM makes a seeded request reproducible); null: unseeded.</summary>
    public long? Seed { get; init; }

    /// <summary>Stop strings.</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>Ask for per-token log-probabilities with this many alternatives (0 to 20); null: none.</summary>
    public int? TopLogProbs { get; init; }
}

/// <summary>One generated token's log-probability and the most likely alternatives.</summary>
/// <param name="Token">The token text.</param>
/// <param name="LogProb">Its log-probability.</param>
/// <param name="Top">The alternatives, most likely first.</param>
public sealed record RemoteTokenLogProb(string Token, double LogProb, IReadOnlyList<(string Token, double LogProb)> Top);

/// <summary>A completed reply.</summary>
/// <param name="Text">The assistant message content.</param>
/// <param name="FinishReason"><c>stop</c>, <c>length</c>, ... as the server said (null when it said nothing).</param>
/// <param name="PromptTokens">Prompt tokens the server counted (0 when not reported).</param>
/// <param name="CompletionTokens">Completion tokens the server counted (0 when not reported).</param>
/// <param name="LogProbs">Per token, when requested.</param>
public sealed record RemoteChatResult(string Text, string? FinishReason, int PromptTokens, int CompletionTokens, IReadOnlyList<RemoteTokenLogProb> LogProbs);

/// <summary>A remote call failed; the message is one sentence and never carries the API key.</summary>
public sealed class RemoteChatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence.</param>
    /// <param name="transient">Whether trying again later may succeed (5xx, 408, 429, timeouts, broken connections).</param>
    /// <param name="statusCode">The HTTP status, when the server answered.</param>
    public RemoteChatException(string message, bool transient, int? statusCode = null)
        : base(message)
    {
        Transient = transient;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public RemoteChatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence.</param>
    public RemoteChatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence.</param>
    /// <param name="innerException">The cause.</param>
    public RemoteChatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether trying again later may succeed.</summary>
    public bool Transient { get; }

    /// <summary>The HTTP status, when the server answered.</summary>
    public int? StatusCode { get; }
}
