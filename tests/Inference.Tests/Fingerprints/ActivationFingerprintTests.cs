using Tournament.Inference.Fingerprints;
using Tournament.Inference.Models;
using Tournament.Inference.Tests.Models;

namespace Tournament.Inference.Tests.Fingerprints;

public sealed class ActivationFingerprintTests
{
    [Theory]
    [InlineData(28, new[] { 0, 9, 18, 27 })]
    [InlineData(3, new[] { 0, 1, 2 })]
    [InlineData(1, new[] { 0 })]
    public void ProbedLayers_LayerCount_ZeroThirdTwoThirdsLast(int layers, int[] expected) =>
        Assert.Equal(expected, ActivationFingerprint.ProbedLayers(layers));

    [Fact]
    public void Compute_TinyQwen3_MatchesFloat64ReferenceMeans()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 40);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var probes = ActivationFingerprint.ProbeSequences(ckpt.Config.VocabSize, count: 3, length: 5);

        var fp = ActivationFingerprint.Compute(model, probes);

        var layers = ActivationFingerprint.ProbedLayers(ckpt.Config.NumHiddenLayers);
        var h = ckpt.Config.HiddenSize;
        Assert.Equal(layers.Length * h, fp.Length);
        var refs = probes.Select(p => ReferenceDecoder.Forward(ckpt, p).LayerHidden).ToArray();
        for (var i = 0; i < layers.Length; i++)
        {
            for (var d = 0; d < h; d++)
            {
                var expected = refs.SelectMany(r => r[layers[i]]).Average(row => row[d]);
                Assert.Equal(expected, fp[(i * h) + d], 1e-4);
            }
        }
    }

    [Fact]
    public void Cosine_SameModelReloaded_IsOneAndOtherSeedIsLower()
    {
        using var a = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 1);
        using var b = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 2);
        using var ma = DecoderModel.FromPretrained(a.Folder);
        using var ma2 = DecoderModel.FromPretrained(a.Folder);
        using var mb = DecoderModel.FromPretrained(b.Folder);

        var fa = ActivationFingerprint.Compute(ma);

        Assert.Equal(1.0, ActivationFingerprint.Cosine(fa, ActivationFingerprint.Compute(ma2)), 1e-9);
        Assert.True(ActivationFingerprint.Cosine(fa, ActivationFingerprint.Compute(mb)) < 0.99999);
    }

    [Fact]
    public void Cosine_KnownVectors_MatchesDefinition()
    {
        Assert.Equal(0.0, ActivationFingerprint.Cosine([1f, 0f], [0f, 2f]), 12);
        Assert.Equal(-1.0, ActivationFingerprint.Cosine([1f, 2f], [-2f, -4f]), 12);
        Assert.Equal(0.0, ActivationFingerprint.Cosine([0f, 0f], [1f, 1f]));
        Assert.Throws<ArgumentException>(() => ActivationFingerprint.Cosine([1f], [1f, 2f]));
    }

    [Fact]
    public void ProbeSequences_SameSeed_SameIdsInRange()
    {
        var a = ActivationFingerprint.ProbeSequences(151_669);
        var b = ActivationFingerprint.ProbeSequences(151_669);

        Assert.Equal(a, b);
        Assert.All(a.SelectMany(x => x), id => Assert.InRange(id, 0, 151_668));
        Assert.NotEqual(a, ActivationFingerprint.ProbeSequences(151_669, seed: 1));
    }
}
