using Tournament.Inference.Models;
using static TorchSharp.torch;

namespace Tournament.Inference.Generation;

/// <summary>Autoregressive generation with a KV cache: greedy, or temperature/top-p sampling from a seeded generator.</summary>
public static class TextGenerator
{
    /// <summary>Continues one prompt.</summary>
    /// <param name="model">The model.</param>
    /// <param name="promptIds">The prompt's token ids (at least one).</param>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Checked between tokens.</param>
    public static GenerationResult Generate(DecoderModel model, IReadOnlyList<long> promptIds, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(promptIds);
        ArgumentNullException.ThrowIfNull(options);
        if (promptIds.Count == 0)
        {
            throw new ArgumentException("The prompt must contain at least one token.", nameof(promptIds));
        }

        var vocab = model.Config.VocabSize;
        if (promptIds.Any(id => id < 0 || id >= vocab))
        {
            throw new ArgumentException($"Prompt token ids must be in [0, {vocab}).", nameof(promptIds));
        }

        var eos = (options.EosTokenIds ?? model.Config.EosTokenIds).ToHashSet();
        var topK = Math.Min(options.TopLogProbs, vocab);
        using var generator = new TorchSharp.torch.Generator(options.Seed, model.Device.type == TorchSharp.DeviceType.CUDA ? model.Device : CPU);
        using var cache = options.UseKvCache ? new KvCache(model.Config.NumHiddenLayers) : null;
        var all = new List<long>(promptIds);
        var generated = new List<long>();
        var tops = new List<TopLogProbs>();
        var reason = StopReason.MaxNewTokens;
        for (var step = 0; step < options.MaxNewTokens; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var feed = cache is null || step == 0 ? all : all.GetRange(all.Count - 1, 1);
            var ids = tensor(feed.ToArray(), [1, feed.Count], device: model.Device);
            using var output = model.forward(new DecoderInput(ids) { Cache = cache, LastPositionOnly = true });
            var logits = output.Logits[0, -1].to_type(ScalarType.Float32);
            var next = Choose(logits, options, generator);
            if (topK > 0)
            {
                var (values, indices) = logits.log_softmax(-1).topk(topK);
                tops.Add(new TopLogProbs(indices.cpu().data<long>().ToArray(), values.cpu().data<float>().ToArray()));
            }

            all.Add(next);
            generated.Add(next);
            if (eos.Contains(next))
            {
                reason = StopReason.Eos;
                break;
            }
        }

        return new GenerationResult(generated, tops, reason);
    }

    private static long Choose(Tensor logits, GenerationOptions options, TorchSharp.torch.Generator generator)
    {
        if (options.Temperature <= 0)
        {
            return logits.argmax().item<long>();
        }

        var probs = (logits / options.Temperature).softmax(-1);
        if (options.TopP < 1.0)
        {
            var (sorted, order) = probs.sort(descending: true);
            var before = sorted.cumsum(0) - sorted;
            // Keep a token while the mass before it is below top-p: the most probable token always survives.
            var kept = sorted.where(before < options.TopP, zeros_like(sorted));
            probs = zeros_like(probs).scatter(0, order, kept);
        }

        return multinomial(probs, 1, generator: generator).item<long>();
    }
}
