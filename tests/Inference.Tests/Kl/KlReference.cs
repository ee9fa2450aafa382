namespace Tournament.Inference.Tests.Kl;

/// <summary>Plain float64 loops, written from the definitions.</summary>
internal static class KlReference
{
    public static double LogSumExp(IEnumerable<double> xs)
    {
        var a = xs.ToArray();
        var max = a.Max();
        return double.IsNegativeInfinity(max) ? max : max + Math.Log(a.Sum(x => Math.Exp(x - max)));
    }

    public static double Sparse(double[] studentLogits, long[] ids, double[] teacher)
    {
        var lseAll = LogSumExp(studentLogits);
        var g = ids.Select(i => studentLogits[i] - lseAll).ToArray();
        var lseG = LogSumExp(g);
        var lseT = LogSumExp(teacher);
        double kl = 0;
        for (var j = 0; j < ids.Length; j++)
        {
            var t = teacher[j] - lseT;
            if (!double.IsNegativeInfinity(t))
            {
                kl += Math.Exp(t) * (t - (g[j] - lseG));
            }
        }

        return kl;
    }

    public static double Dense(double[] student, double[] teacher)
    {
        double ls = LogSumExp(student), lt = LogSumExp(teacher), kl = 0;
        for (var v = 0; v < student.Length; v++)
        {
            var t = teacher[v] - lt;
            if (!double.IsNegativeInfinity(t))
            {
                kl += Math.Exp(t) * (t - (student[v] - ls));
            }
        }

        return kl;
    }
}
