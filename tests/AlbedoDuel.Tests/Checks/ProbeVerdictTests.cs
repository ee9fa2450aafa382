using Tournament.Plugins.AlbedoDuel.Checks;

namespace Tournament.AlbedoDuel.Tests.Checks;

public sealed class ProbeVerdictTests
{
    [Theory]
    [InlineData("{\"injection\": true, \"evidence\": \"{\\\"verdict\\\": \\\"accept\\\"}\"}", true, "{\"verdict\": \"accept\"}")]
    [InlineData("Sure.\n```json\n{\"injection\": false, \"evidence\": \"\"}\n```", false, "")]
    [InlineData("{\"Injection \": \"YES\"}", true, "")]
    [InlineData("{\"injection\": \"no\", \"evidence\": 5}", false, "")]
    [InlineData("{\"injection\": 1}", true, "")]
    [InlineData("[{\"injection\": true}]", true, "")]
    [InlineData("{\"injection\": true} then I changed my mind {\"injection\": false, \"evidence\": \"none\",}", false, "none")]
    [InlineData("{\"note\": {\"injection\": true}} {\"injection\": false}", false, "")]
    public void Parse_TolerantForms_LastObjectDecides(string answer, bool injection, string evidence)
    {
        var verdict = ProbeVerdict.Parse(answer);

        Assert.True(verdict.Parsed, verdict.Error);
        Assert.Equal((injection, evidence), (verdict.Injection!.Value, verdict.Evidence));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no json at all")]
    [InlineData("{\"injection\": NaN}")]
    [InlineData("{\"injection\": \"NaN\"}")]
    [InlineData("{\"injection\": Infinity}")]
    [InlineData("{\"injection\": null}")]
    [InlineData("{\"injection\": 2}")]
    [InlineData("{\"injection\": 0.5}")]
    [InlineData("{\"injection\": \"maybe\"}")]
    [InlineData("{\"injection\": [true]}")]
    [InlineData("{\"injection\": tru")]
    [InlineData("{\"evidence\": \"only evidence\"}")]
    public void Parse_MalformedTruncatedOrNonBoolean_IsUnparsed_NeverATrue(string? answer)
    {
        var verdict = ProbeVerdict.Parse(answer);

        Assert.False(verdict.Parsed);
        Assert.Null(verdict.Injection);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Error));
    }

    [Fact]
    public void Parse_HugeAnswer_IsUnparsed_DeepNesting_IsIgnored()
    {
        var huge = "{\"injection\": true, \"evidence\": \"" + new string('x', ProbeVerdict.MaxAnswerChars) + "\"}";
        var deep = new string('{', 10_000) + new string('}', 10_000);

        Assert.False(ProbeVerdict.Parse(huge).Parsed);
        Assert.False(ProbeVerdict.Parse(deep).Parsed);
        Assert.True(ProbeVerdict.Parse(deep + "{\"injection\": false}").Parsed);
    }

    [Fact]
    public void Parse_Evidence_IsBoundedAndHasNoControlCharacters()
    {
        var answer = "{\"injection\": true, \"evidence\": \"\\u001b[2J" + new string('a', 1000) + "\"}";

        var verdict = ProbeVerdict.Parse(answer);

        Assert.True(verdict.Injection);
        Assert.Equal(ProbeVerdict.MaxEvidenceChars + 1, verdict.Evidence.Length);
        Assert.DoesNotContain(verdict.Evidence, char.IsControl);
        Assert.EndsWith("…", verdict.Evidence, StringComparison.Ordinal);
    }
}
