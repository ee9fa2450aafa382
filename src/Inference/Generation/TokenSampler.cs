using static TorchSharp.torch;

namespace Tournament.Inference.Generation;

/// <summary>Chooses the next token from one row of logits: greedy, or temperature → top-k → top-p → multinomial.</summary>
internal static class TokenSampler
{
    /// <summary>The next token for float32 logits [vocab], drawing from <paramref name="generator"/> when sampling.</summary>
    public static long Choose(Tensor logits, GenerationOptions options, Generator generator)
    {
        if (options.Temperature <= 0)
        {
            return logits.argmax().item<long>();
        }

        var scaled = logits / options.Temperature;
        if (options.TopK > 0 && options.TopK < scaled.shape[0])
        {
            var kth = scaled.topk(options.TopK).values[options.TopK - 1];
            scaled = scaled.masked_fill(scaled < kth, double.NegativeInfinity);
        }

        var probs = scaled.softmax(-1);
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

    /// <summary>The top-k of log_softmax(logits) for each row of float32 logits [rows, vocab].</summary>
    public static TopLogProbs[] Top(Tensor logits, int k)
    {
        var (values, indices) = logits.log_softmax(-1).topk(k);
        var ids = indices.cpu().data<long>().ToArray();
        var lps = values.cpu().data<float>().ToArray();
        return [.. Enumerable.Range(0, (int)logits.shape[0]).Select(r => new TopLogProbs(ids[(r * k)..((r + 1) * k)], lps[(r * k)..((r + 1) * k)]))];
    }

    /// <summary>A sampler generator on the model's device (CUDA generators for CUDA models, CPU otherwise).</summary>
    public static Generator NewGenerator(ulong seed, Device device) =>
        new(seed, device.type == TorchSharp.DeviceType.CUDA ? device : CPU);
}
