using Tournament.Inference.Remote;

namespace Tournament.Plugins.Judges.Chutes.Protocol;

/// <summary>Reads an OpenAI-style SSE stream (<c>data: {...}</c> lines ending with <c>data: [DONE]</c>).</summary>
internal sealed class SseAnswerReader(BoundedLineReader reader, AnswerBuilder builder, string providerName)
{
    public async Task<AttemptResult> ReadAsync(CancellationTokenSource firstChunk, CancellationToken cancellationToken)
    {
        var started = false;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith('{') && !reader.EndedMidLine)
            {
                // Some gateways answer an SSE request with a bare JSON error object, no "data:" prefix.
                if (builder.Apply(line, "delta") is { } bare)
                {
                    return bare;
                }

                continue;
            }

            if (!started && line.StartsWith('<'))
            {
                return new AttemptResult.Transient($"{providerName} sent an HTML page instead of an event stream.");
            }

            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue; // blank separators, ": keep-alive" comments, event:/id:/retry: fields
            }

            if (reader.EndedMidLine)
            {
                break; // a data line cut off by the end of the body: the stream was truncated
            }

            var payload = line.AsSpan(5).Trim();
            if (!started)
            {
                started = true;
                firstChunk.CancelAfter(Timeout.InfiniteTimeSpan);
            }

            if (payload.SequenceEqual("[DONE]"))
            {
                return builder.Complete();
            }

            if (builder.Apply(payload.ToString(), "delta") is { } error)
            {
                return error;
            }
        }

        // Some servers close without [DONE] after the finish reason; anything else is a cut-off stream.
        return builder.FinishReason is not null && !reader.EndedMidLine
            ? builder.Complete()
            : new AttemptResult.Transient($"{providerName} ended the stream before it was complete (no [DONE]); the answer is truncated.");
    }
}
