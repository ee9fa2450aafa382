using System.Runtime.InteropServices;
using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Inference.Tokenizers;
using TemplateMessage = Tournament.Inference.ChatTemplates.ChatMessage;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>The probes got no answer (the model did not load, generation failed): the check defers.</summary>
internal sealed class ProbeUnansweredException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Answers probe conversations with the challenger's model: one reply per probe, in order.</summary>
internal interface IProbeResponder
{
    /// <exception cref="ProbeUnansweredException">No answer could be produced.</exception>
    Task<IReadOnlyList<string>> AnswerAsync(string modelFolder, IReadOnlyList<Probe> probes, CancellationToken cancellationToken);
}

/// <summary>
/// The project's runtime: the model and tokenizer from the verified snapshot, each probe rendered with the canonical
/// chat template (never the miner's), greedy decoding (temperature 0) of one batch
/// (<see cref="TextGenerator.GenerateBatch"/>). A model that does not load or a failed batch throws
/// <see cref="ProbeUnansweredException"/>: the check defers (the files are the other checks' business).
/// </summary>
internal sealed class LocalProbeResponder(InjectionProbeOptions options, ChatTemplate template) : IProbeResponder
{
    public Task<IReadOnlyList<string>> AnswerAsync(string modelFolder, IReadOnlyList<Probe> probes, CancellationToken cancellationToken) =>
        Task.Run(() => Answer(modelFolder, probes, cancellationToken), cancellationToken);

    private IReadOnlyList<string> Answer(string folder, IReadOnlyList<Probe> probes, CancellationToken cancellationToken)
    {
        try
        {
            var tokenizer = HfTokenizer.Load(folder);
            using var model = DecoderModel.FromPretrained(folder, options.Dtype, options.Device);
            var stops = options.StopTokens.Select(tokenizer.TokenToId).OfType<int>().Select(i => (long)i).Concat(model.Config.EosTokenIds).Distinct().ToList();
            var generation = new GenerationOptions { MaxNewTokens = options.MaxNewTokens, Temperature = 0, TopLogProbs = 0, EosTokenIds = stops };
            string Decode(IReadOnlyList<long> ids) => tokenizer.Decode(ids.Select(i => (int)i).Where(i => tokenizer.IdToToken(i) is not null));
            var requests = probes.Select(p => new GenerationRequest(PromptIds(template, tokenizer, p))).ToList();
            return [.. TextGenerator.GenerateBatch(model, requests, generation, Decode, cancellationToken).Select(r => r.Text ?? Decode(r.Ids))];
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or ArgumentException or NotSupportedException
            or InvalidOperationException or ExternalException or ChatTemplateException or TokenizerFormatException or Inference.Safetensors.CheckpointException)
        {
            throw new ProbeUnansweredException($"The challenger's model could not answer the probes: {ex.Message}", ex);
        }
    }

    /// <summary>A probe rendered with the canonical template and encoded with the challenger's tokenizer.</summary>
    internal static long[] PromptIds(ChatTemplate template, HfTokenizer tokenizer, Probe probe) =>
        [.. template.Encode(tokenizer, [.. probe.Messages.Select(m => new TemplateMessage(m.Role, m.Content))], addGenerationPrompt: true).Select(i => (long)i)];
}
