using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Hashing;

/// <summary>One tensor's fingerprint: its L2 norm and <see cref="WeightFingerprint.SampleCount"/> sampled values.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="Norm">The L2 norm of all elements (accumulated in float64 over the float32 view).</param>
/// <param name="Samples">The sampled values (float32 view).</param>
public sealed record TensorFingerprint(string Name, double Norm, IReadOnlyList<float> Samples);

/// <summary>
/// The weight fingerprint (Albedo mode): for every floating tensor (BF16/F16/F32/F64) of rank ≥ 2 — weight
/// matrices and embeddings; 1-D norm weights and biases are skipped because their initial values (all ones, zeros)
/// are shared by unrelated models — the L2 norm plus 16 values at indices derived from the tensor name:
/// index k (0..15) = the first 8 bytes, as uint64 little-endian, of SHA-256(UTF-8(name) ‖ 0x00 ‖ uint32 LE k), modulo
/// the element count (flat row-major index). Values are the float32 view of the element.
/// Two tensors match when the sampled-value cosine ≥ 1 − 1e-6 and their norms agree within a relative 1e-3 (the
/// norm guards against a copy that keeps the sampled positions and rewrites the rest). Similarity = matching tensors
/// / tensors present in both (same name and sample count); 0 when none are shared.
/// </summary>
public sealed class WeightFingerprint
{
    /// <summary>Values sampled per tensor.</summary>
    public const int SampleCount = 16;

    /// <summary>Minimum sampled-value cosine for a tensor to match.</summary>
    public const double CosineThreshold = 1 - 1e-6;

    /// <summary>Maximum relative norm difference for a tensor to match.</summary>
    public const double NormTolerance = 1e-3;

    /// <summary>The similarity at or above which two models are the same model (spec: 95% of tensors).</summary>
    public const double CopyThreshold = 0.95;

    internal const string Version = "wfp1";

    /// <summary>Creates a fingerprint from tensor fingerprints.</summary>
    /// <param name="tensors">The tensors (any order; names unique).</param>
    public WeightFingerprint(IEnumerable<TensorFingerprint> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Tensors = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        ByName = Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The tensors in ordinal name order.</summary>
    public IReadOnlyList<TensorFingerprint> Tensors { get; }

    private Dictionary<string, TensorFingerprint> ByName { get; }

    /// <summary>Fingerprints a model folder.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="cancellationToken">Cancels between tensors.</param>
    public static WeightFingerprint Compute(string folder, CancellationToken cancellationToken = default)
    {
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        return Compute(checkpoint, cancellationToken);
    }

    /// <summary>Fingerprints an open checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels between tensors.</param>
    public static WeightFingerprint Compute(SafetensorsCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var tensors = checkpoint.Tensors.Where(t => DTypeConversions.IsFloat(t.Info.DType) && t.Info.Shape.Count >= 2 && t.Info.ElementCount > 0).ToArray();
        var result = new TensorFingerprint[tensors.Length];
        Parallel.For(0, tensors.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => result[i] = Fingerprint(tensors[i].File, tensors[i].Info));
        return new WeightFingerprint(result);
    }

    /// <summary>The flat element indices sampled for a tensor.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="elementCount">The tensor's element count (positive).</param>
    public static long[] SampleIndices(string name, long elementCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(elementCount);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nameBytes.Length + 5];
        nameBytes.CopyTo(input, 0);
        var indices = new long[SampleCount];
        Span<byte> digest = stackalloc byte[32];
        for (var k = 0; k < SampleCount; k++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(nameBytes.Length + 1), (uint)k);
            SHA256.HashData(input, digest);
            indices[k] = (long)(BinaryPrimitives.ReadUInt64LittleEndian(digest) % (ulong)elementCount);
        }

        return indices;
    }

    /// <summary>Similarity in [0, 1]: the fraction of shared tensors that match.</summary>
    /// <param name="other">The other fingerprint.</param>
    public double Similarity(WeightFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int shared = 0, matching = 0;
        foreach (var a in Tensors)
        {
            if (!other.ByName.TryGetValue(a.Name, out var b) || a.Samples.Count != b.Samples.Count)
            {
                continue;
            }

            shared++;
            if (Matches(a, b))
            {
                matching++;
            }
        }

        return shared == 0 ? 0 : (double)matching / shared;
    }

    /// <summary>True when <see cref="Similarity"/> reaches <see cref="CopyThreshold"/>.</summary>
    /// <param name="other">The other fingerprint.</param>
    public bool IsCopyOf(WeightFingerprint other) => Similarity(other) >= CopyThreshold;

    /// <summary>The sampled-value cosine of two tensor fingerprints (0 when either vector is zero or not finite).</summary>
    /// <param name="a">One tensor.</param>
    /// <param name="b">The other.</param>
    public static double Cosine(TensorFingerprint a, TensorFingerprint b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < Math.Min(a.Samples.Count, b.Samples.Count); i++)
        {
            dot += (double)a.Samples[i] * b.Samples[i];
            na += (double)a.Samples[i] * a.Samples[i];
            nb += (double)b.Samples[i] * b.Samples[i];
        }

        var cosine = dot / Math.Sqrt(na * nb);
        return double.IsFinite(cosine) ? cosine : 0;
    }

    /// <summary>Serialises to a compact string for the state store (see <see cref="WeightFingerprintText"/>).</summary>
    public override string ToString() => WeightFingerprintText.Write(this);

    /// <summary>Parses <see cref="ToString"/> output; throws <see cref="FormatException"/> on anything else.</summary>
    /// <param name="text">The serialised fingerprint.</param>
    public static WeightFingerprint Parse(string text) => WeightFingerprintText.Read(text);

    private static bool Matches(TensorFingerprint a, TensorFingerprint b)
    {
        var scale = Math.Max(a.Norm, b.Norm);
        var normsAgree = scale == 0 || Math.Abs(a.Norm - b.Norm) <= NormTolerance * scale;
        return normsAgree && Cosine(a, b) >= CosineThreshold;
    }

    private static TensorFingerprint Fingerprint(SafetensorsFile file, SafetensorsTensorInfo info)
    {
        var size = SafetensorsDTypes.SizeOf(info.DType);
        var total = info.ElementCount;
        var buffer = new float[Math.Min(total, TensorHashing.ChunkBytes / 8)];
        double sumSquares = 0;
        for (long start = 0; start < total; start += buffer.Length)
        {
            var count = (int)Math.Min(buffer.Length, total - start);
            var span = buffer.AsSpan(0, count);
            DTypeConversions.ToFloat32(file.GetBytes(info, start * size, count * size), info.DType, span);
            foreach (var v in span)
            {
                sumSquares += (double)v * v;
            }
        }

        var samples = SampleIndices(info.Name, total)
            .Select(i => DTypeConversions.ElementToFloat32(file.GetBytes(info, i * size, size), info.DType, 0))
            .ToArray();
        return new TensorFingerprint(info.Name, Math.Sqrt(sumSquares), samples);
    }
}
