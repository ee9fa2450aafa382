using Tournament.Plugins.AlbedoDuel.Judging;

namespace Tournament.AlbedoDuel.Tests.Judging;

public sealed class VerdictParserTests
{
    [Theory]
    [InlineData("{\"correctness\": 2, \"grounding\": 1, \"progress\": 0, \"protocol\": 2, \"efficiency\": 2}", new[] { 2, 1, 0, 2, 2 })]
    [InlineData("Here is my verdict:\n```json\n{\"correct\": \"model 2\", \"faithfulness\": \"A\", \"task_progress\": \"tie\", \"format\": \"B\", \"conciseness\": \"Challenger\"}\n```", new[] { 2, 1, 0, 2, 2 })]
    [InlineData("{\"Groundedness\": \"same\", \"Correctness\": \"king\", \"Task Progress\": \"draw\", \"instruction-following\": \"equal\", \"efficiency\": 1.0}", new[] { 1, 0, 0, 0, 1 })]
    [InlineData("draft {\"correctness\": 1} final: {\"scores\": {\"correctness\": 1, \"grounding\": 1, \"progress\": 1, \"protocol\": 1, \"efficiency\": 1}}", new[] { 1, 1, 1, 1, 1 })]
    [InlineData("{\"reasoning\": \"MODEL 2 {better}\", \"correctness\": 2, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 0,}", new[] { 2, 2, 2, 2, 0 })]
    public void Parse_TolerantForms_AreRead(string answer, int[] expected)
    {
        var verdict = VerdictParser.Parse(answer);

        Assert.True(verdict.Parsed, verdict.Error);
        Assert.Equal(expected, verdict.Values!);
    }

    [Theory]
    [InlineData("{\"correctness\": NaN, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    [InlineData("{\"correctness\": \"NaN\", \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    [InlineData("{\"correctness\": Infinity, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    [InlineData("{\"correctness\": 1e999, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    [InlineData("{\"correctness\": \"-Infinity\", \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    public void Regression09_NaNOrInfinityScores_AreUnparsedNeverWins(string answer)
    {
        Assert.False(VerdictParser.Parse(answer).Parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MODEL 2 is better on every metric.")]
    [InlineData("{\"correctness\": 2, \"grounding\": 2, \"progress\": 2, \"protocol\": 2}")]
    [InlineData("{\"correctness\": 2, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 3}")]
    [InlineData("{\"correctness\": -1, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    [InlineData("{\"correctness\": 1.5, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    [InlineData("{\"correctness\": true, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    [InlineData("{\"correctness\": null, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    [InlineData("{\"correctness\": \"model 3\", \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}")]
    [InlineData("{\"correctness\": 2, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficien")]
    [InlineData("{\"correctness\": 2, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2} then {\"correctness\": 1}")]
    [InlineData("{\"verdict\": \"accept\", \"injection\": false}")]
    public void Parse_MalformedTruncatedOrHostile_IsUnparsed(string answer)
    {
        var verdict = VerdictParser.Parse(answer);

        Assert.False(verdict.Parsed);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Error));
    }

    [Fact]
    public void Parse_OversizedOrDeeplyNested_IsUnparsedWithBoundedWork()
    {
        Assert.False(VerdictParser.Parse(new string('{', VerdictParser.MaxAnswerChars + 1)).Parsed);
        Assert.False(VerdictParser.Parse(new string('{', 10_000) + "\"correctness\": 2" + new string('}', 10_000)).Parsed);
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 50)) + "{\"correctness\": 2, \"grounding\": 2, \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}" + new string('}', 50);
        Assert.False(VerdictParser.Parse(nested).Parsed);
    }
}
