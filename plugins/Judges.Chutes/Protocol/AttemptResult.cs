using Tournament.Abstractions;

namespace Tournament.Plugins.Judges.Chutes.Protocol;

/// <summary>The outcome of one HTTP attempt, classified for the retry strategies.</summary>
internal abstract record AttemptResult
{
    private AttemptResult()
    {
    }

    /// <summary>A complete answer.</summary>
    public sealed record Success(string Text, JudgeUsage? Usage) : AttemptResult;

    /// <summary>HTTP 429 (or an error body saying so): wait and ask again; not a failure.</summary>
    public sealed record Throttled(TimeSpan? RetryAfter, string Reason) : AttemptResult;

    /// <summary>5xx, network error, timeout or malformed response: retried a bounded number of times.</summary>
    public sealed record Transient(string Reason) : AttemptResult;

    /// <summary>Any other 4xx: the request itself is wrong, so it fails at once.</summary>
    public sealed record Fatal(string Reason) : AttemptResult;
}
