using System.Runtime.InteropServices;
using Tournament.Abstractions;
using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Inference.Tokenizers;
using TemplateMessage = Tournament.Inference.ChatTemplates.ChatMessage;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>
/// Generates with the project's runtime: the model and its tokenizer from the verified snapshot, the prompt rendered
/// with the canonical template, batched seeded sampling (<see cref="TextGenerator.GenerateBatch"/>), one seed per row.
/// A batch that throws fails its samples (tallied); batches not started by the deadline are skipped.
/// </summary>
internal sealed class LocalReplyGenerator(DuelScorerOptions options, ChatTemplate template, TimeProvider time) : IReplyGenerator
{
    public Task<IReadOnlyList<GeneratedReply>> GenerateAsync(DuelSide side, IReadOnlyList<Prompt> prompts, IReadOnlyList<ulong> seeds, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<GeneratedReply>>(() => Generate(side, prompts, seeds, deadline, cancellationToken), cancellationToken);

    private GeneratedReply[] Generate(DuelSide side, IReadOnlyList<Prompt> prompts, IReadOnlyList<ulong> seeds, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var folder = side.Candidate.Snapshot.Directory;
        DecoderModel model;
        HfTokenizer tokenizer;
        try
        {
            tokenizer = HfTokenizer.Load(folder);
            model = DecoderModel.FromPretrained(folder, options.Dtype, options.Device);
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or ArgumentException or NotSupportedException
            or Inference.Safetensors.CheckpointException or TokenizerFormatException)
        {
            throw new ModelUnavailableException(side.Side, $"The {side.Side}'s model files do not load: {ex.Message}", minersFault: true);
        }

        using (model)
        {
            var stops = options.StopTokens.Select(tokenizer.TokenToId).OfType<int>().Select(i => (long)i).Concat(model.Config.EosTokenIds).Distinct().ToList();
            var generation = new GenerationOptions
            {
                MaxNewTokens = options.MaxNewTokens, Temperature = options.Temperature, TopLogProbs = 0, EosTokenIds = stops,
            };
            string Decode(IReadOnlyList<long> ids) => tokenizer.Decode(ids.Select(i => (int)i).Where(i => tokenizer.IdToToken(i) is not null));
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

                GenerateBatch(model, tokenizer, generation, Decode, prompts, seeds, start, count, replies, cancellationToken);
            }

            return replies;
        }
    }

    private void GenerateBatch(
        DecoderModel model, HfTokenizer tokenizer, GenerationOptions generation, Func<IReadOnlyList<long>, string> decode,
        IReadOnlyList<Prompt> prompts, IReadOnlyList<ulong> seeds, int start, int count, GeneratedReply[] replies, CancellationToken cancellationToken)
    {
        try
        {
            var requests = Enumerable.Range(start, count).Select(i => new GenerationRequest(Render(tokenizer, prompts[i]), seeds[i])).ToList();
            var results = TextGenerator.GenerateBatch(model, requests, generation, decode, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                var r = results[i];
                replies[start + i] = new GeneratedReply(r.Text ?? decode(r.Ids), r.StopReason == StopReason.MaxNewTokens)
                {
                    PromptTokens = r.PromptTokens == 0 ? requests[i].PromptIds.Count : r.PromptTokens, CompletionTokens = r.CompletionTokens,
                };
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ChatTemplateException or ExternalException)
        {
            Array.Fill(replies, GeneratedReply.Failed($"Local generation failed: {ex.Message}"), start, count);
        }
    }

    private long[] Render(HfTokenizer tokenizer, Prompt prompt)
    {
        var messages = prompt.Messages.Select(m => new TemplateMessage(m.Role, m.Content)).ToList();
        var ids = template.Encode(tokenizer, messages, addGenerationPrompt: true);
        var keep = Math.Min(ids.Count, options.MaxPromptTokens);
        return [.. ids.Skip(ids.Count - keep).Select(i => (long)i)];
    }
}
