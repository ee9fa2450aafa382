using Tournament.Abstractions;
using Tournament.Inference.Models;
using static TorchSharp.torch;

namespace Tournament.Inference.Fingerprints;

/// <summary>
/// The functional-copy fingerprint: mean hidden state (output of decoder layers 0, n/3, 2n/3 and n−1; first 128
/// dimensions) over fixed seeded random token sequences. Two models whose fingerprints have cosine ≥ 0.99999 behave
/// as copies.
/// </summary>
public static class ActivationFingerprint
{
    /// <summary>Dimensions kept per probed layer.</summary>
    public const int Dimensions = 128;

    /// <summary>The probed layer indices for a model with <paramref name="layers"/> layers (deduplicated, ascending).</summary>
    /// <param name="layers">The number of decoder layers.</param>
    public static int[] ProbedLayers(int layers) => new[] { 0, layers / 3, 2 * layers / 3, layers - 1 }.Distinct().Order().ToArray();

    /// <summary>The fixed probe sequences: <paramref name="count"/> × <paramref name="length"/> ids below <paramref name="vocab"/>,
    /// from a seeded generator that is identical on every platform (SplitMix64).</summary>
    /// <param name="vocab">Vocabulary size.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="count">Number of sequences.</param>
    /// <param name="length">Tokens per sequence.</param>
    public static long[][] ProbeSequences(int vocab, ulong seed = 0x5EED_F1A9, int count = 8, int length = 64)
    {
        var random = new SplitMix64(seed);
        var result = new long[count][];
        for (var i = 0; i < count; i++)
        {
            result[i] = new long[length];
            for (var j = 0; j < length; j++)
            {
                // A plain modulo, not Below: the probe sequences are frozen (recorded fingerprints depend on them).
                result[i][j] = (long)(random.NextUInt64() % (ulong)vocab);
            }
        }

        return result;
    }

    /// <summary>Computes the fingerprint: for each probed layer, the mean over all probe tokens of its first 128 dims, concatenated.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sequences">Probe sequences (all the same length); by default <see cref="ProbeSequences"/>.</param>
    public static float[] Compute(DecoderModel model, long[][]? sequences = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        sequences ??= ProbeSequences(model.Config.VocabSize);
        var layers = ProbedLayers(model.Config.NumHiddenLayers);
        var dims = Math.Min(Dimensions, model.Config.HiddenSize);
        var sums = new double[layers.Length * dims];
        long tokens = 0;
        foreach (var seq in sequences)
        {
            using var scope = NewDisposeScope();
            var ids = tensor(seq, [1, seq.Length]);
            using var output = model.forward(new DecoderInput(ids) { OutputHiddenStates = true, LastPositionOnly = true });
            for (var i = 0; i < layers.Length; i++)
            {
                var s = output.HiddenStates[layers[i]][0].narrow(1, 0, dims).to_type(ScalarType.Float64).sum(0L).cpu().data<double>().ToArray();
                for (var d = 0; d < dims; d++)
                {
                    sums[(i * dims) + d] += s[d];
                }
            }

            tokens += seq.Length;
        }

        return sums.Select(v => (float)(v / tokens)).ToArray();
    }

    /// <summary>Cosine similarity in float64 (0 when either vector is all zeros).</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector (same length).</param>
    public static double Cosine(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"Fingerprints have different lengths ({a.Count} and {b.Count}); they come from different architectures.", nameof(b));
        }

        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
