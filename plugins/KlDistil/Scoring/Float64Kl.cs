using System.Numerics;

namespace Tournament.Plugins.KlDistil.Scoring;

/// <summary>
/// Forward KL of one position in float64 with plain loops, written independently of the torch kernels: the reference
/// the <c>CrossCheck</c> option compares every scored position against.
/// </summary>
internal static class Float64Kl
{
    /// <summary>Σ_k p̃_t (log p̃_t − log p̃_s), both renormalised over the teacher's k ids; −∞ teacher entries add 0.</summary>
    public static double Sparse(ReadOnlySpan<float> studentLogits, int[] teacherIds, float[] teacherLogProbs)
    {
        var s = new double[teacherIds.Length];
        var t = new double[teacherIds.Length];
        for (var j = 0; j < s.Length; j++)
        {
            s[j] = studentLogits[teacherIds[j]];
            t[j] = teacherLogProbs[j];
        }

        // The student's full-vocabulary log-sum-exp cancels in the renormalisation over the k ids.
        return Sum(t, LogSumExp(t), s, LogSumExp(s));
    }

    /// <summary>Σ_v p_t(v) (log p_t(v) − log p_s(v)) over the whole vocabulary, from logits.</summary>
    public static double Dense(ReadOnlySpan<float> teacherLogits, ReadOnlySpan<float> studentLogits)
    {
        var tLse = LogSumExp(teacherLogits);
        var sLse = LogSumExp(studentLogits);
        var total = 0.0;
        for (var i = 0; i < teacherLogits.Length; i++)
        {
            var lt = teacherLogits[i] - tLse;
            if (!double.IsNegativeInfinity(lt))
            {
                total += Math.Exp(lt) * (lt - (studentLogits[i] - sLse));
            }
        }

        return total;
    }

    private static double Sum(double[] t, double tLse, double[] s, double sLse)
    {
        var total = 0.0;
        for (var i = 0; i < t.Length; i++)
        {
            var lt = t[i] - tLse;
            if (!double.IsNegativeInfinity(lt))
            {
                total += Math.Exp(lt) * (lt - (s[i] - sLse));
            }
        }

        return total;
    }

    /// <summary>log Σ exp(v) in float64 (float inputs widen exactly).</summary>
    private static double LogSumExp<T>(ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T>
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, double.CreateTruncating(v));
        }

        if (!double.IsFinite(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Exp(double.CreateTruncating(v) - max);
        }

        return max + Math.Log(sum);
    }
}
