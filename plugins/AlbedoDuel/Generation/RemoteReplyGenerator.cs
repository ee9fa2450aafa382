using Tournament.Abstractions;
using Tournament.Inference.Remote;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>
/// Generates through an OpenAI-compatible server (vLLM <c>/v1/chat/completions</c>) with the real client
/// (<see cref="OpenAiChatClient"/>): one seeded request per sample, at most <c>RemoteConcurrency</c> at a time. The
/// server must apply the canonical chat template (start vLLM with it). A failed request fails its sample (tallied); a
/// request not started by the deadline is skipped. A server that fails every sample is an infrastructure problem.
/// </summary>
internal sealed class RemoteReplyGenerator(DuelScorerOptions options, GenerationEndpoint endpoint, OpenAiChatClient client, TimeProvider time) : IReplyGenerator
{
    public async Task<IReadOnlyList<GeneratedReply>> GenerateAsync(DuelSide side, IReadOnlyList<Prompt> prompts, IReadOnlyList<ulong> seeds, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var replies = new GeneratedReply[prompts.Count];
        await Parallel.ForAsync(0, prompts.Count, new ParallelOptions { MaxDegreeOfParallelism = options.RemoteConcurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            if (options.TimeBudget > TimeSpan.Zero && time.GetUtcNow() >= deadline)
            {
                replies[i] = GeneratedReply.Skipped;
                return;
            }

            var request = new RemoteChatRequest(endpoint.Model, prompts[i].Messages)
            {
                Temperature = options.Temperature, MaxTokens = options.MaxNewTokens, Seed = (long)(seeds[i] & long.MaxValue),
            };
            try
            {
                var result = await client.CompleteAsync(request, ct).ConfigureAwait(false);
                replies[i] = new GeneratedReply(result.Text, result.FinishReason == "length")
                {
                    PromptTokens = result.PromptTokens, CompletionTokens = result.CompletionTokens,
                };
            }
            catch (RemoteChatException ex)
            {
                replies[i] = GeneratedReply.Failed(ex.Message);
            }
        }).ConfigureAwait(false);
        if (replies.Length > 0 && replies.All(r => r.Status == GenerationStatus.Failed))
        {
            throw new ModelUnavailableException(side.Side, $"The {side.Side}'s generation server failed every sample: {replies[0].Error}", minersFault: false);
        }

        return replies;
    }
}
