using Tournament.Abstractions;
using Tournament.Inference.Hashing;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Safetensors;
using Tournament.Inference.Tooling.TinyModels;

namespace Tournament.Inference.Tests.Hashing;

public sealed class WeightFingerprintTests
{
    [Theory]
    [InlineData(SafetensorsDType.F32)]
    [InlineData(SafetensorsDType.BF16)]
    public void Similarity_CopiesAndIndependentModels_SeparateCleanly(SafetensorsDType dtype)
    {
        using var folder = new TempFolder();
        var seed = (ulong)Random.Shared.NextInt64();
        var model = folder.Combine("m");
        TinyModelGenerator.Generate(new TinyModelSpec { DType = dtype, Seed = seed }, model);
        TinyModelGenerator.Generate(new TinyModelSpec { DType = dtype, Seed = seed + 1 }, folder.Combine("other"));
        ModelDerivation.Reshard(model, folder.Combine("sharded"), 3);
        ModelDerivation.AddNoise(model, folder.Combine("big-noise"), 1e-2, 1);

        var original = WeightFingerprint.Compute(model);
        Assert.Equal(1.0, original.Similarity(WeightFingerprint.Compute(folder.Combine("sharded"))));
        Assert.True(original.IsCopyOf(WeightFingerprint.Compute(folder.Combine("sharded"))));
        Assert.True(original.Similarity(WeightFingerprint.Compute(folder.Combine("other"))) < 0.05);
        Assert.True(original.Similarity(WeightFingerprint.Compute(folder.Combine("big-noise"))) < 0.05);
    }

    [Fact]
    public void Similarity_TinyNoiseOnF32Copy_StillACopy()
    {
        // σ = 1e-7 against init std 0.02: relative perturbation ~5e-6, so 1 − cosine ~1e-11 ≪ 1e-6.
        using var folder = new TempFolder();
        var model = folder.Combine("m");
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = (ulong)Random.Shared.NextInt64() }, model);
        ModelDerivation.AddNoise(model, folder.Combine("noisy"), 1e-7, 9);

        Assert.True(WeightFingerprint.Compute(model).Similarity(WeightFingerprint.Compute(folder.Combine("noisy"))) >= WeightFingerprint.CopyThreshold);
    }

    [Fact]
    public void Compute_SkipsOneDimensionalTensorsAndMatchesFloat64Norm()
    {
        using var folder = new TempFolder();
        var model = folder.Combine("m");
        TinyModelGenerator.Generate(new TinyModelSpec { Architecture = ModelArchitecture.Qwen3, Seed = 4 }, model);
        var fingerprint = WeightFingerprint.Compute(model);
        using var checkpoint = SafetensorsCheckpoint.Open(model);

        Assert.Equal(checkpoint.Tensors.Count(t => t.Info.Shape.Count >= 2), fingerprint.Tensors.Count);
        foreach (var t in fingerprint.Tensors)
        {
            var values = DTypeConversions.ToFloat32(checkpoint.GetBytes(t.Name), checkpoint.GetInfo(t.Name).DType);
            var norm = Math.Sqrt(values.Sum(v => (double)v * v));
            Assert.Equal(norm, t.Norm, 9);
            var indices = WeightFingerprint.SampleIndices(t.Name, values.Length);
            Assert.Equal(indices.Select(i => values[i]), t.Samples);
        }
    }

    [Fact]
    public void ToStringThenParse_RoundTripsExactly()
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = (ulong)Random.Shared.NextInt64(), Architecture = ModelArchitecture.Llama }, folder.Path);
        var fingerprint = WeightFingerprint.Compute(folder.Path);
        var parsed = WeightFingerprint.Parse(fingerprint.ToString());

        Assert.Equal(fingerprint.ToString(), parsed.ToString());
        Assert.Equal(fingerprint.Tensors.Select(t => (t.Name, t.Norm)), parsed.Tensors.Select(t => (t.Name, t.Norm)));
        Assert.Equal(1.0, fingerprint.Similarity(parsed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("wfp2:AAAAAA==")]
    [InlineData("wfp1:!!!")]
    [InlineData("wfp1:AQAAAA==")]
    [InlineData("wfp1:AAAAAAA=")]
    [InlineData("wfp1://///w==")]
    public void Parse_MalformedText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => WeightFingerprint.Parse(text));
    }

    [Fact]
    public void SampleIndices_SameName_SameIndicesWithinRange()
    {
        var name = "model.layers." + Random.Shared.Next(100) + ".mlp.up_proj.weight";
        var n = Random.Shared.NextInt64(1, long.MaxValue);
        var indices = WeightFingerprint.SampleIndices(name, n);
        Assert.Equal(indices, WeightFingerprint.SampleIndices(name, n));
        Assert.All(indices, i => Assert.InRange(i, 0, n - 1));
        Assert.Equal(WeightFingerprint.SampleCount, indices.Distinct().Count());
        Assert.NotEqual(indices, WeightFingerprint.SampleIndices(name + "x", n));
    }
}
