using Tournament.Plugins.KlDistil.KingRules;

namespace Tournament.KlDistil.Tests.KingRules;

/// <summary>The Student-t CDF against closed forms (df 1–4) on random inputs and against printed table quantiles.</summary>
public sealed class StudentTTests
{
    private readonly Random _random = new(4242);

    public static TheoryData<double, int, double> TableQuantiles => new()
    {
        // Textbook two-sided/one-sided critical values: P(T ≤ t) = p.
        { 2.228138851986274, 10, 0.975 },
        { 2.042272456301238, 30, 0.975 },
        { 1.699127026533497, 29, 0.95 },
        { 2.845339709785332, 20, 0.995 },
        { 1.812461122811676, 10, 0.95 },
        { 6.313751514675043, 1, 0.95 },
        { 1.983971518523552, 100, 0.975 },
    };

    [Theory]
    [MemberData(nameof(TableQuantiles))]
    public void Cdf_TableQuantile_MatchesProbability(double t, int df, double p)
    {
        Assert.Equal(p, StudentT.Cdf(t, df), 9);
        Assert.Equal(1 - p, StudentT.Cdf(-t, df), 9);
    }

    [Fact]
    public void Cdf_RandomInputs_MatchClosedFormsForSmallDf()
    {
        for (var i = 0; i < 500; i++)
        {
            var t = (_random.NextDouble() - 0.5) * 20;
            Assert.Equal(0.5 + (Math.Atan(t) / Math.PI), StudentT.Cdf(t, 1), 12);
            Assert.Equal(0.5 + (t / (2 * Math.Sqrt(2 + (t * t)))), StudentT.Cdf(t, 2), 12);
            var u = t / Math.Sqrt(3);
            Assert.Equal(0.5 + ((u / (1 + (u * u))) + Math.Atan(u)) / Math.PI, StudentT.Cdf(t, 3), 12);
            var x = 1 + (t * t / 4);
            Assert.Equal(0.5 + (0.375 * (t / Math.Sqrt(x)) * (1 - (t * t / (12 * x)))), StudentT.Cdf(t, 4), 12);
        }
    }

    [Fact]
    public void Cdf_LargeDf_ApproachesNormal()
    {
        // Φ(1.959963984540054) = 0.975.
        Assert.Equal(0.975, StudentT.Cdf(1.959963984540054, 1e7), 6);
    }

    [Fact]
    public void LogGamma_RandomInputs_MatchFactorialAndHalfIntegers()
    {
        for (var n = 1; n < 30; n++)
        {
            var factorial = Enumerable.Range(1, n - 1).Aggregate(1.0, (a, k) => a * k);
            Assert.Equal(Math.Log(factorial), StudentT.LogGamma(n), 10);
        }

        // Γ(1/2) = √π; Γ(x + 1) = x Γ(x).
        Assert.Equal(0.5 * Math.Log(Math.PI), StudentT.LogGamma(0.5), 12);
        for (var i = 0; i < 100; i++)
        {
            var x = 0.1 + (50 * _random.NextDouble());
            Assert.Equal(StudentT.LogGamma(x) + Math.Log(x), StudentT.LogGamma(x + 1), 9);
        }
    }

    [Fact]
    public void Cdf_Extremes_AreBounded()
    {
        Assert.Equal(1.0, StudentT.Cdf(double.PositiveInfinity, 5));
        Assert.Equal(0.0, StudentT.Cdf(double.NegativeInfinity, 5));
        Assert.Equal(0.5, StudentT.Cdf(0, 7), 15);
        Assert.True(double.IsNaN(StudentT.Cdf(double.NaN, 5)));
        Assert.InRange(StudentT.Cdf(50, 200), 1 - 1e-12, 1.0);
    }
}
