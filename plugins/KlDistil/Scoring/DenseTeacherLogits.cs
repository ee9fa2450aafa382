using Tournament.Inference.Models;
using Tournament.Plugins.KlDistil.Teacher;
using static TorchSharp.torch;

namespace Tournament.Plugins.KlDistil.Scoring;

/// <summary>
/// The teacher's full logits at a continuation's positions ([n, vocab], float32), from one teacher-forced forward over
/// prompt + continuation (the same token sequence the students see). Results are kept, on the model's device, while
/// their total stays within <c>budgetBytes</c>, so every later student reuses them; beyond the budget a prompt's
/// logits are recomputed for each student. A returned tensor belongs to this object when kept and to the caller's
/// dispose scope otherwise: callers must not dispose it and must use it inside a dispose scope.
/// </summary>
internal sealed class DenseTeacherLogits(DecoderModel teacher, long budgetBytes) : IDisposable
{
    private readonly Dictionary<TeacherContinuation, Tensor> _kept = new(ReferenceEqualityComparer.Instance);
    private long _keptBytes;

    /// <summary>Teacher forwards run so far (one per prompt when everything fits the budget).</summary>
    public int Forwards { get; private set; }

    /// <summary>Bytes of logits kept between students.</summary>
    public long KeptBytes => _keptBytes;

    public Tensor For(TeacherContinuation continuation)
    {
        if (_kept.TryGetValue(continuation, out var kept))
        {
            return kept;
        }

        Forwards++;
        var sequence = continuation.PromptIds.Concat(continuation.ContinuationIds).Select(i => (long)i).ToArray();
        var n = continuation.ContinuationIds.Length;
        using var ids = tensor(sequence, [1, sequence.Length], device: teacher.Device);
        using var output = teacher.forward(new DecoderInput(ids));
        var logits = output.Logits[0].narrow(0, continuation.PromptIds.Length - 1, n).to_type(ScalarType.Float32).clone();
        var bytes = logits.NumberOfElements * sizeof(float);
        if (_keptBytes + bytes > budgetBytes)
        {
            return logits;
        }

        _keptBytes += bytes;
        _kept[continuation] = logits.DetachFromDisposeScope();
        return logits;
    }

    public void Dispose()
    {
        foreach (var t in _kept.Values)
        {
            t.Dispose();
        }

        _kept.Clear();
        _keptBytes = 0;
    }
}
