using static TorchSharp.torch;

namespace Tournament.Inference.Kl;

/// <summary>
/// Forward KL(teacher‖student) kernels in float32, computed over chunks of positions so that peak memory is bounded by
/// chunk × vocabulary (a few float32 temporaries of that size), not positions × vocabulary.
/// </summary>
public static class KlDivergence
{
    /// <summary>The default number of positions per chunk.</summary>
    public const int DefaultChunkPositions = 32;

    /// <summary>
    /// Sparse KL: teacher top-k log-probabilities renormalised over their k entries (t̃ = v − logsumexp_k v); student
    /// full-vocabulary log_softmax gathered at the k ids and renormalised over them (s̃ = g − logsumexp_k g);
    /// per position Σ exp(t̃)(t̃ − s̃). Teacher entries of −∞ contribute nothing.
    /// </summary>
    /// <param name="studentLogits">[positions, vocab], any float dtype and device.</param>
    /// <param name="teacherIds">[positions, k] int64 token ids.</param>
    /// <param name="teacherLogProbs">[positions, k] teacher log-probabilities (or logits; only differences matter).</param>
    /// <param name="chunkPositions">Positions per chunk.</param>
    public static KlResult Sparse(Tensor studentLogits, Tensor teacherIds, Tensor teacherLogProbs, int chunkPositions = DefaultChunkPositions)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherIds);
        ArgumentNullException.ThrowIfNull(teacherLogProbs);
        CheckRank2(studentLogits, nameof(studentLogits));
        CheckRank2(teacherIds, nameof(teacherIds));
        if (!teacherIds.shape.SequenceEqual(teacherLogProbs.shape) || teacherIds.shape[0] != studentLogits.shape[0])
        {
            throw new ArgumentException(
                $"Teacher ids [{string.Join(", ", teacherIds.shape)}], teacher log-probs [{string.Join(", ", teacherLogProbs.shape)}] and student logits [{string.Join(", ", studentLogits.shape)}] must agree on positions and k.");
        }

        var vocab = studentLogits.shape[1];
        return Chunked(studentLogits.shape[0], chunkPositions, (start, n) =>
        {
            var ids = teacherIds.narrow(0, start, n).to(studentLogits.device).to_type(ScalarType.Int64);
            if (ids.lt(0).any().item<bool>() || ids.ge(vocab).any().item<bool>())
            {
                throw new ArgumentException($"Teacher token ids must be in [0, {vocab}) (the student's vocabulary).", nameof(teacherIds));
            }

            return SparseRows(studentLogits.narrow(0, start, n), ids, teacherLogProbs.narrow(0, start, n), ScalarType.Float32);
        });
    }

    /// <summary>
    /// The per-position sparse KL of <see cref="Sparse"/> as a tensor [positions] in <paramref name="dtype"/>, with
    /// autograd (the trainer's distillation loss). Ids must already be checked against the vocabulary.
    /// </summary>
    internal static Tensor SparseRows(Tensor studentLogits, Tensor teacherIds, Tensor teacherLogProbs, ScalarType dtype)
    {
        var v = teacherLogProbs.to(studentLogits.device).to_type(dtype);
        var t = v - v.logsumexp(1, keepdim: true);
        var s = studentLogits.to_type(dtype).log_softmax(1).gather(1, teacherIds);
        s = s - s.logsumexp(1, keepdim: true);
        return Sum(t, s);
    }

    /// <summary>Dense KL over the full vocabulary: Σ_v p_t(v)(log p_t(v) − log p_s(v)), both log_softmax in float32.</summary>
    /// <param name="studentLogits">[positions, vocab].</param>
    /// <param name="teacherLogits">[positions, vocab] teacher logits or log-probabilities.</param>
    /// <param name="chunkPositions">Positions per chunk.</param>
    public static KlResult Dense(Tensor studentLogits, Tensor teacherLogits, int chunkPositions = DefaultChunkPositions)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        CheckRank2(studentLogits, nameof(studentLogits));
        if (!studentLogits.shape.SequenceEqual(teacherLogits.shape))
        {
            throw new ArgumentException(
                $"Teacher [{string.Join(", ", teacherLogits.shape)}] and student [{string.Join(", ", studentLogits.shape)}] logits must have the same shape.");
        }

        return Chunked(studentLogits.shape[0], chunkPositions, (start, n) =>
        {
            var t = teacherLogits.narrow(0, start, n).to(studentLogits.device).to_type(ScalarType.Float32).log_softmax(1);
            var s = studentLogits.narrow(0, start, n).to_type(ScalarType.Float32).log_softmax(1);
            return Sum(t, s);
        });
    }

    /// <summary>Σ exp(t)(t − s) per row, where rows entries with t = −∞ contribute 0 (not NaN).</summary>
    private static Tensor Sum(Tensor t, Tensor s)
    {
        var term = t.exp() * (t - s);
        var zero = zeros(1, t.dtype, t.device);
        return term.where(t.isneginf().logical_not(), zero).sum(1);
    }

    private static KlResult Chunked(long positions, int chunkPositions, Func<long, long, Tensor> chunk)
    {
        if (chunkPositions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkPositions), chunkPositions, "Chunk size must be at least one position.");
        }

        var values = new float[positions];
        for (long start = 0; start < positions; start += chunkPositions)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(chunkPositions, positions - start);
            chunk(start, n).cpu().data<float>().ToArray().CopyTo(values, start);
        }

        var bad = Enumerable.Range(0, values.Length).Where(i => !float.IsFinite(values[i])).ToArray();
        return new KlResult(values, bad);
    }

    private static void CheckRank2(Tensor t, string name)
    {
        if (t.dim() != 2)
        {
            throw new ArgumentException($"{name} must have shape [positions, n]; got [{string.Join(", ", t.shape)}].", name);
        }
    }
}
