using System.Diagnostics;
using System.Globalization;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;
using Tournament.Inference.Models.Hybrid;
using static TorchSharp.torch;

namespace Tournament.Torch.Bench;

/// <summary>
/// Qwen3.5 dense and MoE vs Qwen3 of the same width, in one run: prefill tokens/s, decode tokens/s (KV/state cache),
/// cache bytes per token; and the chunked vs token-by-token gated delta rule on a long prefill. The models are
/// measured in interleaved rounds and the best round of each is kept, so a busy machine hurts all of them alike.
/// </summary>
internal static class HybridBench
{
    private const int Rounds = 3;

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
        var moe = linear with { NumExperts = 8, NumExpertsPerTok = 2, MoeIntermediateSize = hidden * 3 / 2, SharedExpertIntermediateSize = hidden * 3 / 2 };
        (string Name, DecoderConfig Config)[] configs =
        [
            ("qwen3", qwen3),
            ("qwen3_5", qwen3 with { Architecture = DecoderArchitecture.Qwen35, Hybrid = linear }),
            ("qwen3_5_moe", qwen3 with { Architecture = DecoderArchitecture.Qwen35Moe, Hybrid = moe }),
        ];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hidden={hidden} layers={layers} ({string.Join(",", linear.LayerTypes.Select(t => t[0]))}) heads 4/2 x 64, vocab 32000, f32, CPU, prefill {prefill}, decode {decode}, best of {Rounds} interleaved rounds"));
        var models = configs.Select(c => DecoderModel.Create(c.Config, ScalarType.Float32, CPU)).ToArray();
        try
        {
            var best = new (double Prefill, double Decode, long AtPrefill, long AtEnd)[configs.Length];
            for (var round = 0; round < Rounds; round++)
            {
                for (var m = 0; m < models.Length; m++)
                {
                    var r = Measure(models[m], prefill, decode);
                    best[m] = (Math.Max(best[m].Prefill, r.Prefill), Math.Max(best[m].Decode, r.Decode), r.AtPrefill, r.AtEnd);
                }
            }

            for (var m = 0; m < models.Length; m++)
            {
                var (p, d, atPrefill, atEnd) = best[m];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{configs[m].Name,-12} prefill {p,8:F0} tok/s ({p / best[0].Prefill:F2}x qwen3)  decode {d,7:F1} tok/s ({d / best[0].Decode:F2}x)  " +
                    $"cache {(double)atPrefill / prefill,6:F0} B/token at {prefill} tokens, growth {(double)(atEnd - atPrefill) / decode,6:F0} B/token"));
            }
        }
        finally
        {
            foreach (var model in models)
            {
                model.Dispose();
            }
        }

        DeltaRule(prefill);
    }

    private static (double Prefill, double Decode, long AtPrefill, long AtEnd) Measure(DecoderModel model, int prefill, int decode)
    {
        using var scope = NewDisposeScope();
        var config = model.Config;
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

        return (prefillRate, decode / sw.Elapsed.TotalSeconds, atPrefill, cache.ByteSize);
    }

    private static void DeltaRule(int seq)
    {
        using var scope = NewDisposeScope();
        var q = randn(1, seq, 2, 64);
        var k = randn(1, seq, 2, 64);
        var v = randn(1, seq, 4, 64);
        var g = -rand(1, seq, 4);
        var beta = rand(1, seq, 4);
        double chunked = 0, recurrent = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var sw = Stopwatch.StartNew();
            GatedDeltaRule.Chunked(q, k, v, g, beta, null);
            chunked = Math.Max(chunked, seq / sw.Elapsed.TotalSeconds);
            sw.Restart();
            GatedDeltaRule.Recurrent(q, k, v, g, beta, null);
            recurrent = Math.Max(recurrent, seq / sw.Elapsed.TotalSeconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gated delta rule, {seq} tokens, 4 value heads x 64: chunked {chunked:F0} tok/s, token-by-token {recurrent:F0} tok/s ({chunked / recurrent:F1}x)"));
    }
}
