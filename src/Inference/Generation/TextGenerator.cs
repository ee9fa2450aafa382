using Tournament.Inference.Models;
using static TorchSharp.torch;

namespace Tournament.Inference.Generation;

/// <summary>
/// Autoregressive generation with a KV cache: greedy, or temperature/top-k/top-p sampling from seeded generators; one
/// prompt here, a batch in <see cref="GenerateBatch"/>.
/// </summary>
public static partial class TextGenerator
{
    /// <summary>Continues one prompt.</summary>
    /// <param name="model">The model.</param>
    /// <param name="promptIds">The prompt's token ids (at least one).</param>
    /// <param name="options">The options (<see cref="GenerationOptions.Seed"/> seeds the sampler).</param>
    /// <param name="cancellationToken">Checked between tokens.</param>
    public static GenerationResult Generate(DecoderModel model, IReadOnlyList<long> promptIds, GenerationOptions options, CancellationToken cancellationToken = default) =>
        Generate(model, promptIds, options, decode: null, cancellationToken);

    /// <summary>Continues one prompt, decoding the continuation (and honouring stop strings).</summary>
    /// <param name="model">The model.</param>
    /// <param name="promptIds">The prompt's token ids (at least one).</param>
    /// <param name="options">The options (<see cref="GenerationOptions.Seed"/> seeds the sampler).</param>
    /// <param name="decode">Turns ids into text; needed for stop strings and <see cref="GenerationResult.Text"/>.</param>
    /// <param name="cancellationToken">Checked between tokens.</param>
    public static GenerationResult Generate(
        DecoderModel model, IReadOnlyList<long> promptIds, GenerationOptions options, Func<IReadOnlyList<long>, string>? decode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(promptIds);
        ArgumentNullException.ThrowIfNull(options);
        CheckCall(options, decode);
        CheckPrompt(promptIds, model.Config.VocabSize, nameof(promptIds));
        var row = new RowState(promptIds.Count, options, model, decode, options.Seed);
        using var cache = options.UseKvCache ? new KvCache(model.Config.NumHiddenLayers) : null;
        var all = new List<long>(promptIds);
        for (var step = 0; step < options.MaxNewTokens && !row.Done; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var feed = cache is null || step == 0 ? all : all.GetRange(all.Count - 1, 1);
            var ids = tensor(feed.ToArray(), [1, feed.Count], device: model.Device);
            using var output = model.forward(new DecoderInput(ids) { Cache = cache, LastPositionOnly = true });
            all.Add(row.Step(output.Logits[.., -1].to_type(ScalarType.Float32), 0));
        }

        return row.Finish();
    }

    private static void CheckCall(GenerationOptions options, Func<IReadOnlyList<long>, string>? decode)
    {
        options.Validate();
        if (options.StopStrings is { Count: > 0 } && decode is null)
        {
            throw new ArgumentException("Stop strings need a decoder (pass the tokenizer's decode function).");
        }
    }

    private static void CheckPrompt(IReadOnlyList<long> promptIds, long vocab, string name)
    {
        if (promptIds.Count == 0)
        {
            throw new ArgumentException("The prompt must contain at least one token.", name);
        }

        if (promptIds.Any(id => id < 0 || id >= vocab))
        {
            throw new ArgumentException($"Prompt token ids must be in [0, {vocab}).", name);
        }
    }
}
