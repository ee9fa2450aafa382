using System.Diagnostics;
using System.Globalization;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;
using Tournament.Inference.Models.Hybrid;
using static TorchSharp.torch;

namespace Tournament.Torch.Bench;

/// <summary>
/// Qwen3.5 dense and MoE vs Qwen3 of the same width, in one run: prefill tokens/s, decode tokens/s (KV/state cache),
/// cache bytes per token; and the chunked vs token-by-token gated delta rule on a long prefill.
/// </summary>
internal static class HybridBench
{
    public static void Run(int hidden, int layers, int prefill, int decode)
    {
        var qwen3 = new DecoderConfig
        {
            Architecture = DecoderArchitecture.Qwen3, VocabSize = 32_000, HiddenSize = hidden, IntermediateSize = hidden * 3,
            NumHiddenLayers = layers, NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 64, TieWordEmbeddings = true,
        };
        var linear = new HybridConfig
        {
            LayerTypes = HybridConfig.DefaultLayerTypes(layers),
            LinearNumKeyHeads = 2, LinearNumValueHeads = 4, LinearKeyHeadDim = 64, LinearValueHeadDim = 64, LinearConvKernelDim = 4,
        };
        var dense = qwen3 with { Architecture = DecoderArchitecture.Qwen35, Hybrid = linear };
        var moe = qwen3 with
        {
            Architecture = DecoderArchitecture.Qwen35Moe,
            Hybrid = linear with { NumExperts = 8, NumExpertsPerTok = 2, MoeIntermediateSize = hidden * 3 / 2, SharedExpertIntermediateSize = hidden * 3 / 2 },
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hidden={hidden} layers={layers} ({string.Join(",", linear.LayerTypes.Select(t => t[0]))}) heads 4/2 x 64, vocab 32000, f32, CPU, prefill {prefill}, decode {decode}"));
        foreach (var (name, config) in new[] { ("qwen3", qwen3), ("qwen3_5", dense), ("qwen3_5_moe", moe) })
        {
            Measure(name, config, prefill, decode);
        }

        DeltaRule(prefill);
    }

    private static void Measure(string name, DecoderConfig config, int prefill, int decode)
    {
        using var model = DecoderModel.Create(config, ScalarType.Float32, CPU);
        using var scope = NewDisposeScope();
        var ids = randint(config.VocabSize, [1, prefill]);
        using (var warm = new KvCache(config.NumHiddenLayers))
        {
            model.forward(new DecoderInput(ids.narrow(1, 0, 32)) { Cache = warm, LastPositionOnly = true }).Dispose();
        }

        using var cache = new KvCache(config.NumHiddenLayers);
        var sw = Stopwatch.StartNew();
        model.forward(new DecoderInput(ids) { Cache = cache, LastPositionOnly = true }).Dispose();
        var prefillRate = prefill / sw.Elapsed.TotalSeconds;
        var atPrefill = cache.ByteSize;
        var next = randint(config.VocabSize, [1, 1]);
        sw.Restart();
        for (var i = 0; i < decode; i++)
        {
            model.forward(new DecoderInput(next) { Cache = cache, LastPositionOnly = true }).Dispose();
        }

        var decodeRate = decode / sw.Elapsed.TotalSeconds;
        var slope = (double)(cache.ByteSize - atPrefill) / decode;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-12} prefill {prefillRate,8:F0} tok/s  decode {decodeRate,6:F1} tok/s  cache {atPrefill / 1024.0,8:F0} KiB at {prefill} tokens = {(double)atPrefill / prefill,7:F0} B/token, growth {slope,6:F0} B/token"));
    }

    private static void DeltaRule(int seq)
    {
        using var scope = NewDisposeScope();
        var q = randn(1, seq, 2, 64);
        var k = randn(1, seq, 2, 64);
        var v = randn(1, seq, 4, 64);
        var g = -rand(1, seq, 4);
        var beta = rand(1, seq, 4);
        GatedDeltaRule.Chunked(q, k, v, g, beta, null);
        var sw = Stopwatch.StartNew();
        GatedDeltaRule.Chunked(q, k, v, g, beta, null);
        var chunked = seq / sw.Elapsed.TotalSeconds;
        sw.Restart();
        GatedDeltaRule.Recurrent(q, k, v, g, beta, null);
        var recurrent = seq / sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gated delta rule, {seq} tokens, 4 value heads x 64: chunked {chunked:F0} tok/s, token-by-token {recurrent:F0} tok/s ({chunked / recurrent:F1}x)"));
    }
}
