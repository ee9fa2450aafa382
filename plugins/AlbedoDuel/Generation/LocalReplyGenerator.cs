using Tournament.Abstractions;
using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Generation;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>
/// Generates with the project's runtime (<see cref="LocalChatModel"/>) at the duel's temperature: batches of
/// <c>BatchSize</c> prompts, one seed per row. A batch that throws fails its samples (tallied); batches not started by
/// the deadline are skipped.
/// </summary>
internal sealed class LocalReplyGenerator(DuelScorerOptions options, ChatTemplate template, TimeProvider time) : IReplyGenerator
{
    private readonly LocalRuntimeSettings _settings = options.Runtime(options.MaxNewTokens, options.Temperature, options.MaxPromptTokens);

    public Task<IReadOnlyList<GeneratedReply>> GenerateAsync(DuelSide side, IReadOnlyList<Prompt> prompts, IReadOnlyList<ulong> seeds, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<GeneratedReply>>(() => Generate(side, prompts, seeds, deadline, cancellationToken), cancellationToken);

    private GeneratedReply[] Generate(DuelSide side, IReadOnlyList<Prompt> prompts, IReadOnlyList<ulong> seeds, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        LocalChatModel model;
        try
        {
            model = LocalChatModel.Load(side.Candidate.Snapshot.Directory, template, _settings);
        }
        catch (Exception ex) when (LocalChatModel.IsLoadFailure(ex))
        {
            throw new ModelUnavailableException(side.Side, $"The {side.Side}'s model files do not load: {ex.Message}", minersFault: true);
        }

        using (model)
        {
            var replies = new GeneratedReply[prompts.Count];
            for (var start = 0; start < prompts.Count; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(options.BatchSize, prompts.Count - start);
                if (options.TimeBudget > TimeSpan.Zero && time.GetUtcNow() >= deadline)
                {
                    Array.Fill(replies, GeneratedReply.Skipped, start, prompts.Count - start);
                    break;
                }

                GenerateBatch(model, prompts, seeds, start, count, replies, cancellationToken);
            }

            return replies;
        }
    }

    private static void GenerateBatch(LocalChatModel model, IReadOnlyList<Prompt> prompts, IReadOnlyList<ulong> seeds, int start, int count, GeneratedReply[] replies, CancellationToken cancellationToken)
    {
        try
        {
            var requests = Enumerable.Range(start, count).Select(i => new GenerationRequest(model.Render(prompts[i].Messages), seeds[i])).ToList();
            var results = model.Generate(requests, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                var r = results[i];
                replies[start + i] = new GeneratedReply(r.Text, r.StopReason == StopReason.MaxNewTokens)
                {
                    PromptTokens = r.PromptTokens == 0 ? requests[i].PromptIds.Count : r.PromptTokens, CompletionTokens = r.CompletionTokens,
                };
            }
        }
        catch (Exception ex) when (LocalChatModel.IsGenerationFailure(ex))
        {
            Array.Fill(replies, GeneratedReply.Failed($"Local generation failed: {ex.Message}"), start, count);
        }
    }
}
