using Tournament.Inference.Kl;
using Tournament.Inference.Torch;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Kl;

public sealed class KlDivergenceTests
{
    private const int Positions = 13;
    private const int Vocab = 50;

    public KlDivergenceTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 4)]
    [InlineData(Vocab, 5)]
    [InlineData(17, 64)]
    public void Sparse_RandomWithExtremesAndNegInf_MatchesFloat64Reference(int k, int chunk)
    {
        var rng = new Random(100 + k);
        var student = Logits(rng, Positions, Vocab);
        var teacherLogits = Logits(rng, Positions, Vocab);
        var (ids, values) = TopK(teacherLogits, k, rng, negInfEvery: k > 2 ? 3 : 0);

        var result = KlDivergence.Sparse(T(student), tensor(ids.SelectMany(x => x).ToArray(), [Positions, k]), T(values), chunk);

        Assert.True(result.AllFinite);
        for (var p = 0; p < Positions; p++)
        {
            var expected = KlReference.Sparse(student[p], ids[p], values[p]);
            Assert.InRange(Math.Abs(result.PerPosition[p] - expected), 0, 1e-4 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(100)]
    public void Dense_RandomWithExtremes_MatchesFloat64Reference(int chunk)
    {
        var rng = new Random(chunk);
        var student = Logits(rng, Positions, Vocab);
        var teacher = Logits(rng, Positions, Vocab);
        teacher[2][7] = double.NegativeInfinity;

        var result = KlDivergence.Dense(T(student), T(teacher), chunk);

        for (var p = 0; p < Positions; p++)
        {
            var expected = KlReference.Dense(student[p], teacher[p]);
            Assert.InRange(Math.Abs(result.PerPosition[p] - expected), 0, 1e-4 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void Sparse_KEqualsVocabulary_EqualsDense()
    {
        var rng = new Random(3);
        var student = Logits(rng, Positions, Vocab);
        var teacher = Logits(rng, Positions, Vocab);
        var (ids, values) = TopK(teacher, Vocab, rng, negInfEvery: 0);

        var sparse = KlDivergence.Sparse(T(student), tensor(ids.SelectMany(x => x).ToArray(), [Positions, Vocab]), T(values));
        var dense = KlDivergence.Dense(T(student), T(teacher));

        for (var p = 0; p < Positions; p++)
        {
            Assert.InRange(Math.Abs(sparse.PerPosition[p] - dense.PerPosition[p]), 0, 1e-4 * Math.Max(1, Math.Abs(dense.PerPosition[p])));
        }
    }

    [Fact]
    public void Sparse_ChunkedAndUnchunked_AreIdentical()
    {
        var rng = new Random(4);
        var student = T(Logits(rng, Positions, Vocab));
        var (ids, values) = TopK(Logits(rng, Positions, Vocab), 9, rng, negInfEvery: 0);
        var idT = tensor(ids.SelectMany(x => x).ToArray(), [Positions, 9]);

        var one = KlDivergence.Sparse(student, idT, T(values), chunkPositions: Positions);
        var many = KlDivergence.Sparse(student, idT, T(values), chunkPositions: 1);

        Assert.Equal(one.PerPosition, many.PerPosition);
    }

    [Fact]
    public void Sparse_StudentNaNAndNegInf_ReportedPerPosition()
    {
        var rng = new Random(5);
        var student = Logits(rng, Positions, Vocab);
        var (ids, values) = TopK(Logits(rng, Positions, Vocab), 4, rng, negInfEvery: 0);
        student[3][0] = double.NaN;
        student[8][ids[8][1]] = double.NegativeInfinity;

        var result = KlDivergence.Sparse(T(student), tensor(ids.SelectMany(x => x).ToArray(), [Positions, 4]), T(values), chunkPositions: 5);

        Assert.Equal([3, 8], result.NonFinitePositions);
        Assert.True(double.IsNaN(result.Mean));
        Assert.True(float.IsPositiveInfinity(result.PerPosition[8]));
    }

    [Fact]
    public void Sparse_IdOutsideVocabulary_Throws()
    {
        var student = T(Logits(new Random(6), 2, Vocab));

        var ex = Assert.Throws<ArgumentException>(() => KlDivergence.Sparse(student, tensor(new long[] { 1, Vocab }, [2, 1]), ones(2, 1)));

        Assert.Contains($"[0, {Vocab})", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparse_StudentEqualsTeacher_IsZero()
    {
        var teacher = Logits(new Random(7), Positions, Vocab);
        var (ids, values) = TopK(teacher, 10, new Random(8), negInfEvery: 0);

        var result = KlDivergence.Sparse(T(teacher), tensor(ids.SelectMany(x => x).ToArray(), [Positions, 10]), T(values));

        Assert.All(result.PerPosition, v => Assert.InRange(v, -1e-5f, 1e-5f));
    }

    /// <summary>Random logits in [−8, 8] with some at ±1e4.</summary>
    private static double[][] Logits(Random rng, int rows, int vocab) =>
        Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, vocab).Select(v =>
            (r + v) % 11 == 0 ? 1e4 : (r * v) % 17 == 5 ? -1e4 : (double)(float)((rng.NextDouble() * 16) - 8)).ToArray()).ToArray();

    /// <summary>The k largest teacher log-probs per row (float32-representable), with every n-th value set to −∞.</summary>
    private static (long[][] Ids, double[][] Values) TopK(double[][] logits, int k, Random rng, int negInfEvery)
    {
        var ids = new long[logits.Length][];
        var values = new double[logits.Length][];
        for (var p = 0; p < logits.Length; p++)
        {
            var lse = KlReference.LogSumExp(logits[p]);
            ids[p] = Enumerable.Range(0, logits[p].Length).OrderByDescending(v => logits[p][v]).ThenBy(_ => rng.Next()).Take(k).Select(v => (long)v).ToArray();
            values[p] = ids[p].Select((id, j) => negInfEvery > 0 && j > 0 && j % negInfEvery == 0 ? double.NegativeInfinity : (double)(float)(logits[p][id] - lse)).ToArray();
        }

        return (ids, values);
    }

    private static Tensor T(double[][] rows) =>
        tensor(rows.SelectMany(r => r.Select(v => (float)v)).ToArray(), [rows.Length, rows[0].Length]);
}
