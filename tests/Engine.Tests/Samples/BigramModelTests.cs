using System.Text;
using System.Text.RegularExpressions;
using Tournament.Samples.Example.Bigram;

namespace Tournament.Engine.Tests.Samples;

public sealed class BigramModelTests
{
    private const long Max = 1024 * 1024;

    [Fact]
    public void CrossEntropy_RandomModelsAndTexts_MatchesIndependentFloat64Reference()
    {
        var random = new Random(20261123);
        for (var trial = 0; trial < 20; trial++)
        {
            var matrix = RandomLogProbs(random);
            var model = new BigramModel(matrix);
            var text = RandomText(random, random.Next(2, 300));

            var expected = Reference(matrix, text);
            var actual = model.CrossEntropy(text);

            Assert.NotNull(expected);
            Assert.Equal(expected!.Value, actual!.Value, 1e-12);
        }
    }

    [Fact]
    public void CrossEntropy_TooShortAfterNormalising_IsNull()
    {
        var model = BigramTrainer.Uniform();

        Assert.Null(model.CrossEntropy("!!! 7 ?"));
        Assert.Null(model.CrossEntropy("a"));
        Assert.Equal(Math.Log(27), model.CrossEntropy("ab")!.Value, 1e-5);
    }

    [Fact]
    public void Normalize_MixedText_LowercasesAndCollapsesEverythingElseToSingleSpaces()
    {
        Assert.Equal("hello world it s", BigramAlphabet.Normalize("  Hello,\tWORLD!! It's\n"));
        Assert.Equal("", BigramAlphabet.Normalize("123 ?!"));
        Assert.Equal("caf", BigramAlphabet.Normalize("Café"));
    }

    [Fact]
    public void TryParse_TrainedModelRoundTrips_AndRowsAreNormalised()
    {
        var model = BigramTrainer.Train(["the quick brown fox jumps over the lazy dog"], 0.5);

        Assert.True(BigramModel.TryParse(model.ToJson(), Max, 1e-4, out var parsed, out var error), error);
        Assert.Equal(model.LogProbs, parsed!.LogProbs);
        Assert.All(parsed.LogProbs, row => Assert.Equal(1.0, row.Sum(Math.Exp), 1e-4));
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"format\":\"char-bigram/v1\",\"alphabet\":", "not valid JSON")]
    [InlineData("[1,2,3]", "must be a JSON object")]
    [InlineData("{\"format\":\"char-trigram/v1\"}", "\"format\"")]
    [InlineData("{\"format\":\"char-bigram/v1\",\"alphabet\":\"abc\"}", "\"alphabet\"")]
    [InlineData("{\"format\":\"char-bigram/v1\",\"alphabet\":\"abcdefghijklmnopqrstuvwxyz \",\"logProbs\":[[0]]}", "27 rows")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "not valid JSON")]
    public void TryParse_MalformedOrHostile_RefusedWithAReason(string json, string expected)
    {
        Assert.False(BigramModel.TryParse(Encoding.UTF8.GetBytes(json), Max, 1e-3, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RowNotNormalised_NamesTheRow()
    {
        var rows = BigramTrainer.Uniform().LogProbs.Select(r => r.ToArray()).ToArray();
        rows[16][0] = -0.1;

        Assert.False(BigramModel.TryParse(new BigramModel(rows).ToJson(), Max, 1e-3, out _, out var error));
        Assert.Contains("row 'q' sums to probability", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PositiveLogProbability_Refused()
    {
        var json = Encoding.UTF8.GetString(BigramTrainer.Uniform().ToJson()).Replace("[-3.295837", "[3.295837", StringComparison.Ordinal);

        Assert.False(BigramModel.TryParse(Encoding.UTF8.GetBytes(json), Max, 1e-3, out _, out var error));
        Assert.Contains("column 0 must be a finite log-probability", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Oversized_RefusedBeforeParsing()
    {
        var bytes = new byte[2048];

        Assert.False(BigramModel.TryParse(bytes, 1024, 1e-3, out _, out var error));
        Assert.Equal("bigram.json is 2048 bytes; at most 1024 are allowed.", error);
    }

    [Fact]
    public void TryParse_TruncatedRealFile_Refused()
    {
        var bytes = BigramTrainer.Uniform().ToJson();

        Assert.False(BigramModel.TryParse(bytes.AsSpan(0, bytes.Length / 2), Max, 1e-3, out _, out var error));
        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
    }

    private static double[][] RandomLogProbs(Random random) =>
        [.. Enumerable.Range(0, 27).Select(_ =>
        {
            var weights = Enumerable.Range(0, 27).Select(_ => 0.01 + random.NextDouble()).ToArray();
            var total = weights.Sum();
            return weights.Select(w => Math.Log(w / total)).ToArray();
        })];

    private static string RandomText(Random random, int length)
    {
        const string pool = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ  ,.;!?'\n\t0123456789";
        return new string([.. Enumerable.Range(0, length).Select(_ => pool[random.Next(pool.Length)])]);
    }

    // An independent reference: regex normalisation, a dictionary of probabilities, and a product in log space.
    private static double? Reference(double[][] logProbs, string text)
    {
        var normalized = Regex.Replace(text.ToLowerInvariant(), "[^a-z]+", " ").Trim();
        if (normalized.Length < 2)
        {
            return null;
        }

        const string symbols = "abcdefghijklmnopqrstuvwxyz ";
        var table = new Dictionary<(char, char), double>();
        for (var i = 0; i < 27; i++)
        {
            for (var j = 0; j < 27; j++)
            {
                table[(symbols[i], symbols[j])] = Math.Exp(logProbs[i][j]);
            }
        }

        var logLikelihood = normalized.Zip(normalized.Skip(1)).Sum(pair => Math.Log(table[pair]));
        return -logLikelihood / (normalized.Length - 1);
    }
}
