using Tournament.Inference.Kl;
using Tournament.Plugins.KlDistil.Teacher;
using static TorchSharp.torch;
using static Tournament.Plugins.KlDistil.Scoring.LogitRows;

namespace Tournament.Plugins.KlDistil.Scoring;

/// <summary>
/// KL(teacher‖student) of one prompt from the student's logits at the continuation positions ([n, vocab]), plus the
/// teacher side of the same computation for the float64 cross-check.
/// </summary>
internal interface IKlMeasure
{
    /// <summary>Per-position KL from the float32 kernel.</summary>
    KlResult Measure(Tensor studentLogits, TeacherContinuation continuation);

    /// <summary>The same KL per position in float64 plain loops (an independent implementation, for audits).</summary>
    double[] Reference(Tensor studentLogits, TeacherContinuation continuation);
}

/// <summary>Copies rows of logits to the CPU as float32 arrays for the float64 reference.</summary>
internal static class LogitRows
{
    public static float[] Row(Tensor logits, int position)
    {
        using var scope = NewDisposeScope();
        var row = logits[position].to_type(ScalarType.Float32).cpu().contiguous();
        var values = new float[row.NumberOfElements];
        row.data<float>().CopyTo(values);
        return values;
    }
}

/// <summary>Sparse mode: the teacher's cached top-k, renormalised; the student gathered at the same ids.</summary>
internal sealed class SparseKlMeasure(int chunkPositions) : IKlMeasure
{
    public KlResult Measure(Tensor studentLogits, TeacherContinuation continuation)
    {
        var n = continuation.ContinuationIds.Length;
        var k = continuation.TopIds[0].Length; // the teacher step checks that every position has the same k
        var ids = continuation.TopIds.SelectMany(t => t).Select(i => (long)i).ToArray();
        var values = continuation.TopLogProbs.SelectMany(t => t).ToArray();
        return KlDivergence.Sparse(studentLogits, tensor(ids, [n, k]), tensor(values, [n, k]), chunkPositions);
    }

    public double[] Reference(Tensor studentLogits, TeacherContinuation continuation)
    {
        var result = new double[continuation.ContinuationIds.Length];
        for (var p = 0; p < result.Length; p++)
        {
            result[p] = Float64Kl.Sparse(Row(studentLogits, p), continuation.TopIds[p], continuation.TopLogProbs[p]);
        }

        return result;
    }
}

/// <summary>Dense mode: the teacher's full distribution at every continuation position (teacher-forced).</summary>
internal sealed class DenseKlMeasure(DenseTeacherLogits teacher, int chunkPositions) : IKlMeasure
{
    public KlResult Measure(Tensor studentLogits, TeacherContinuation continuation) =>
        KlDivergence.Dense(studentLogits, teacher.For(continuation), chunkPositions);

    public double[] Reference(Tensor studentLogits, TeacherContinuation continuation)
    {
        var teacherLogits = teacher.For(continuation);
        var result = new double[continuation.ContinuationIds.Length];
        for (var p = 0; p < result.Length; p++)
        {
            result[p] = Float64Kl.Dense(Row(teacherLogits, p), Row(studentLogits, p));
        }

        return result;
    }
}
