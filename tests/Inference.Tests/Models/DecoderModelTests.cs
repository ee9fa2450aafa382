using Tournament.Inference.Models;
using Tournament.Inference.Torch;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Models;

public sealed class DecoderModelTests
{
    public static TheoryData<DecoderArchitecture> Architectures => [DecoderArchitecture.Llama, DecoderArchitecture.Qwen2, DecoderArchitecture.Qwen3];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Forward_RightPaddedBatch_MatchesFloat64Reference(DecoderArchitecture arch)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(arch), seed: 11 + (int)arch);
        using var model = DecoderModel.FromPretrained(ckpt.Folder, "f32", "cpu");
        var rng = new Random(5 + (int)arch);
        long[][] seqs = [RandomIds(rng, 7, ckpt.Config.VocabSize), RandomIds(rng, 4, ckpt.Config.VocabSize)];
        var padded = seqs.SelectMany(s => s.Concat(Enumerable.Repeat(0L, 7 - s.Length))).ToArray();
        var mask = seqs.SelectMany(s => Enumerable.Range(0, 7).Select(i => i < s.Length ? 1L : 0L)).ToArray();
        using var ids = tensor(padded, [2, 7]);
        using var maskT = tensor(mask, [2, 7]);

        using var output = model.forward(new DecoderInput(ids) { AttentionMask = maskT });

        Assert.Equal([2L, 7, ckpt.Config.VocabSize], output.Logits.shape);
        using var logits = output.Logits.to_type(ScalarType.Float64);
        var values = logits.data<double>().ToArray();
        for (var b = 0; b < 2; b++)
        {
            var (expected, _) = ReferenceDecoder.Forward(ckpt, seqs[b]);
            var actual = Enumerable.Range(0, seqs[b].Length)
                .Select(t => values.AsSpan(((b * 7) + t) * ckpt.Config.VocabSize, ckpt.Config.VocabSize).ToArray()).ToArray();
            Assert.InRange(RelativeError(actual, expected), 0, 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Forward_HiddenStates_MatchFloat64ReferenceLayerOutputs(DecoderArchitecture arch)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(arch), seed: 21);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var seq = RandomIds(new Random(3), 6, ckpt.Config.VocabSize);
        using var ids = tensor(seq, [1, 6]);

        using var output = model.forward(new DecoderInput(ids) { OutputHiddenStates = true });

        var (_, layers) = ReferenceDecoder.Forward(ckpt, seq);
        Assert.Equal(ckpt.Config.NumHiddenLayers, output.HiddenStates.Count);
        for (var l = 0; l < layers.Length; l++)
        {
            using var h = output.HiddenStates[l].to_type(ScalarType.Float64);
            var v = h.data<double>().ToArray();
            var actual = Enumerable.Range(0, 6).Select(t => v.AsSpan(t * ckpt.Config.HiddenSize, ckpt.Config.HiddenSize).ToArray()).ToArray();
            Assert.InRange(RelativeError(actual, layers[l]), 0, 1e-5);
        }
    }

    [Theory]
    [InlineData("bf16", 3e-2)]
    [InlineData("f16", 1e-2)]
    public void Forward_HalfPrecision_CloseToFloat64Reference(string dtype, double tolerance)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 8);
        using var model = DecoderModel.FromPretrained(ckpt.Folder, dtype, "cpu");
        var seq = RandomIds(new Random(9), 5, ckpt.Config.VocabSize);
        using var ids = tensor(seq, [1, 5]);

        using var output = model.forward(new DecoderInput(ids));

        Assert.Equal(TorchRuntime.ParseDType(dtype), output.Logits.dtype);
        using var logits = output.Logits.to_type(ScalarType.Float64);
        var v = logits.data<double>().ToArray();
        var actual = Enumerable.Range(0, 5).Select(t => v.AsSpan(t * ckpt.Config.VocabSize, ckpt.Config.VocabSize).ToArray()).ToArray();
        Assert.InRange(RelativeError(actual, ReferenceDecoder.Forward(ckpt, seq).Logits), 0, tolerance);
    }

    [Fact]
    public void Create_MetaDevice_ParametersHaveCheckpointKeysAndShapes()
    {
        TorchRuntime.EnsureLoaded();
        var config = TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3) with
        {
            VocabSize = 151_936, HiddenSize = 1024, IntermediateSize = 3072, NumHiddenLayers = 28, NumAttentionHeads = 16, NumKeyValueHeads = 8, HeadDim = 128,
            TieWordEmbeddings = true,
        };
        using var model = DecoderModel.Create(config, ScalarType.BFloat16, TorchRuntime.ParseDevice("meta"));

        var shapes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal([151_936L, 1024], shapes["model.embed_tokens.weight"]);
        Assert.Equal([2048L, 1024], shapes["model.layers.27.self_attn.q_proj.weight"]);
        Assert.Equal([1024L, 1024], shapes["model.layers.0.self_attn.k_proj.weight"]);
        Assert.Equal([128L], shapes["model.layers.3.self_attn.k_norm.weight"]);
        Assert.False(shapes.ContainsKey("lm_head.weight"));
        // Qwen3-0.6B (this configuration) has 596,049,920 parameters as published.
        Assert.Equal(596_049_920L, shapes.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)));
    }

    [Fact]
    public void ParseDevice_CudaWithoutGpu_NamesTheBuildSwitch()
    {
        TorchRuntime.EnsureLoaded();
        if (cuda.is_available())
        {
            Assert.Equal(TorchSharp.DeviceType.CUDA, TorchRuntime.ParseDevice("cuda:0").type);
            return;
        }

        var ex = Assert.Throws<InvalidOperationException>(() => TorchRuntime.ParseDevice("cuda"));
        Assert.Contains("-p:TorchBackend=cuda", ex.Message, StringComparison.Ordinal);
    }

    internal static long[] RandomIds(Random rng, int n, int vocab) => Enumerable.Range(0, n).Select(_ => (long)rng.Next(vocab)).ToArray();

    internal static double RelativeError(double[][] actual, double[][] expected)
    {
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            for (var j = 0; j < expected[i].Length; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(actual[i][j] - expected[i][j]));
                maxRef = Math.Max(maxRef, Math.Abs(expected[i][j]));
            }
        }

        return maxDiff / maxRef;
    }
}
