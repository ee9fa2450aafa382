using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Inference.Tests.Generation;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Models.Hybrid;

public sealed class HybridModelTests
{
    public static TheoryData<bool, bool> Shapes => new() { { false, true }, { false, false }, { true, true }, { true, false } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_MatchesFloat64Reference(bool moe, bool wrapped)
    {
        using var ckpt = HybridCheckpoint.Create(moe ? HybridCheckpoint.Moe() : HybridCheckpoint.Dense(), seed: moe ? 13 : 17, wrapped);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var seq = DecoderModelTests.RandomIds(new Random(moe ? 3 : 4), 11, ckpt.Config.VocabSize);
        using var ids = tensor(seq, [1, seq.Length]);

        using var output = model.forward(new DecoderInput(ids));

        var expected = ReferenceHybrid.Forward(ckpt, seq);
        Assert.InRange(DecoderModelTests.RelativeError(Rows(output.Logits, 0, seq.Length), expected), 0, 1e-5);
        AssertFarFromUniform(expected);
    }

    [Theory]
    [InlineData("bf16", false, 8e-2)]
    [InlineData("bf16", true, 8e-2)]
    [InlineData("f16", false, 2e-2)]
    [InlineData("f16", true, 2e-2)]
    public void Forward_HalfPrecision_CloseToFloat64Reference(string dtype, bool moe, double tolerance)
    {
        // Weights are bf16-exact, so the error measured is the runtime's arithmetic, not the rounding of the weights. As in
        // HF, projections, the conv and the residual stream stay in the model dtype (the delta rule, norms, router and
        // softplus/exp run in float32); bf16's 8-bit mantissa over 4 sharp layers gives a few percent.
        using var ckpt = HybridCheckpoint.Create(moe ? HybridCheckpoint.Moe() : HybridCheckpoint.Dense(), seed: 19, bf16Exact: true);
        using var model = DecoderModel.FromPretrained(ckpt.Folder, dtype, "cpu");
        var seq = DecoderModelTests.RandomIds(new Random(12), 8, ckpt.Config.VocabSize);
        using var ids = tensor(seq, [1, seq.Length]);

        using var output = model.forward(new DecoderInput(ids));

        Assert.Equal(Tournament.Inference.Torch.TorchRuntime.ParseDType(dtype), output.Logits.dtype);
        Assert.InRange(DecoderModelTests.RelativeError(Rows(output.Logits, 0, seq.Length), ReferenceHybrid.Forward(ckpt, seq)), 0, tolerance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Forward_RightPaddedBatch_RealPositionsMatchReference(bool moe)
    {
        using var ckpt = HybridCheckpoint.Create(moe ? HybridCheckpoint.Moe() : HybridCheckpoint.Dense(), seed: 23);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var rng = new Random(8);
        long[][] seqs = [DecoderModelTests.RandomIds(rng, 9, ckpt.Config.VocabSize), DecoderModelTests.RandomIds(rng, 5, ckpt.Config.VocabSize)];
        using var ids = tensor(seqs.SelectMany(s => s.Concat(Enumerable.Repeat(1L, 9 - s.Length))).ToArray(), [2, 9]);
        using var mask = tensor(seqs.SelectMany(s => Enumerable.Range(0, 9).Select(i => i < s.Length ? 1L : 0L)).ToArray(), [2, 9]);

        using var output = model.forward(new DecoderInput(ids) { AttentionMask = mask });

        for (var b = 0; b < 2; b++)
        {
            Assert.InRange(DecoderModelTests.RelativeError(Rows(output.Logits, b, seqs[b].Length), ReferenceHybrid.Forward(ckpt, seqs[b])), 0, 1e-5);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CachedDecode_EqualsFullReforward(bool moe)
    {
        using var ckpt = HybridCheckpoint.Create(moe ? HybridCheckpoint.Moe() : HybridCheckpoint.Dense(), seed: 29);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var seq = DecoderModelTests.RandomIds(new Random(6), 12, ckpt.Config.VocabSize);
        using var all = tensor(seq, [1, 12]);
        using var full = model.forward(new DecoderInput(all));
        var expected = Rows(full.Logits, 0, 12);

        // Prefill 5, then one token at a time, then a 3-token chunk continuing from the cached states.
        using var cache = new KvCache(ckpt.Config.NumHiddenLayers);
        var actual = new List<double[]>();
        foreach (var (start, length) in new[] { (0, 5), (5, 1), (6, 1), (7, 1), (8, 3), (11, 1) })
        {
            using var ids = tensor(seq.AsSpan(start, length).ToArray(), [1, length]);
            using var step = model.forward(new DecoderInput(ids) { Cache = cache });
            actual.AddRange(Rows(step.Logits, 0, length));
        }

        Assert.Equal(12, cache.Length);
        Assert.InRange(DecoderModelTests.RelativeError([.. actual], expected), 0, 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Generate_GreedyWithCache_EqualsFullReforward(bool moe)
    {
        using var ckpt = HybridCheckpoint.Create(moe ? HybridCheckpoint.Moe() : HybridCheckpoint.Dense(), seed: 31);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var prompt = DecoderModelTests.RandomIds(new Random(2), 4, ckpt.Config.VocabSize);
        var options = new GenerationOptions { MaxNewTokens = 16, TopLogProbs = 5, EosTokenIds = [] };

        var cached = TextGenerator.Generate(model, prompt, options);
        var uncached = TextGenerator.Generate(model, prompt, options with { UseKvCache = false });

        Assert.Equal(16, cached.Ids.Count);
        TextGeneratorTests.AssertSameGeneration(uncached, cached);
    }

    [Fact]
    public void FromPretrained_VisionAndMtpTensors_SkippedAndLogitsUnchanged()
    {
        using var plain = HybridCheckpoint.Create(HybridCheckpoint.Dense(), seed: 41);
        using var withVision = HybridCheckpoint.Create(HybridCheckpoint.Dense(), seed: 41, withVision: true);
        using var a = DecoderModel.FromPretrained(plain.Folder);
        using var b = DecoderModel.FromPretrained(withVision.Folder);
        var seq = DecoderModelTests.RandomIds(new Random(1), 6, plain.Config.VocabSize);
        using var ids = tensor(seq, [1, 6]);

        using var outA = a.forward(new DecoderInput(ids));
        using var outB = b.forward(new DecoderInput(ids));

        Assert.True(outA.Logits.equal(outB.Logits).all().item<bool>());
        Assert.DoesNotContain(b.named_parameters(), p => p.name.Contains("visual", StringComparison.Ordinal) || p.name.StartsWith("mtp", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_WrappedLayout_ParameterNamesAreCheckpointKeys()
    {
        var config = HybridCheckpoint.Moe() with { WrappedLayout = true };
        using var model = DecoderModel.Create(config, ScalarType.Float32, CPU);

        var shapes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal([20L, 1, 3], shapes["model.language_model.layers.0.linear_attn.conv1d.weight"]);
        Assert.Equal([2L], shapes["model.language_model.layers.1.linear_attn.A_log"]);
        Assert.Equal([32L, 12], shapes["model.language_model.layers.2.self_attn.q_proj.weight"]);
        Assert.Equal([5L, 20, 12], shapes["model.language_model.layers.2.mlp.experts.gate_up_proj"]);
        Assert.Equal([1L, 12], shapes["model.language_model.layers.0.mlp.shared_expert_gate.weight"]);
        Assert.Equal([47L, 12], shapes["lm_head.weight"]);
        Assert.DoesNotContain(shapes.Keys, k => k.Contains("layers.0.self_attn", StringComparison.Ordinal) || k.Contains("layers.2.linear_attn", StringComparison.Ordinal));
    }

    internal static double[][] Rows(Tensor logits, int batch, int count)
    {
        using var f = logits.to_type(ScalarType.Float64);
        var vocab = (int)logits.shape[^1];
        var seq = (int)logits.shape[1];
        var values = f.data<double>().ToArray();
        return Enumerable.Range(0, count).Select(t => values.AsSpan(((batch * seq) + t) * vocab, vocab).ToArray()).ToArray();
    }

    /// <summary>The reference's next-token distributions are peaked: top probability at least 5× uniform somewhere.</summary>
    private static void AssertFarFromUniform(double[][] logits)
    {
        var peak = logits.Max(row =>
        {
            var max = row.Max();
            return 1 / row.Sum(l => Math.Exp(l - max));
        });
        Assert.True(peak * logits[0].Length > 5, $"top probability {peak} is too close to uniform");
    }
}
