using Tournament.Plugins.KlDistil.Prompts;

namespace Tournament.KlDistil.Tests.Prompts;

public sealed class PromptTextTests
{
    private const long Half = 500_000;

    [Fact]
    public void Normalize_ControlCharacters_DroppedExceptTabNewlineCarriageReturn()
    {
        Assert.Equal("a\tb\nc\rd e", PromptText.Normalize("a\0\tb\u0007\n\u001Bc\r\u007Fd\u0085 e", 1000, Half));
    }

    [Fact]
    public void Normalize_LoneSurrogate_Dropped()
    {
        Assert.Equal("ab😀", PromptText.Normalize("a\uD800b😀", 1000, Half));
    }

    [Theory]
    [InlineData("\uE000\uE001\uE002ab", null)]
    [InlineData("\uE000\uE001abc", "\uE000\uE001abc")]
    [InlineData("\uFFFD\uFFFD\uFFFD\u200B\u200Bab\u00AD\uFEFF", null)]
    [InlineData("   \n\t  ", null)]
    [InlineData("\0\u0001", null)]
    [InlineData("", null)]
    public void Normalize_PrintableFraction_RejectsBelowThreshold(string text, string? expected)
    {
        Assert.Equal(expected, PromptText.Normalize(text, 1000, Half));
    }

    [Fact]
    public void Normalize_Null_IsRejected()
    {
        Assert.Null(PromptText.Normalize(null, 1000, Half));
    }

    [Fact]
    public void Normalize_Long_TruncatesAfterLastSentenceEnd()
    {
        Assert.Equal("One. Two! Three?", PromptText.Normalize("One. Two! Three? Four five six seven", 20, Half));
    }

    [Fact]
    public void Normalize_Long_NewlineIsASentenceBoundary()
    {
        Assert.Equal("First line. More", PromptText.Normalize("First line. More\nsecond line goes on", 24, Half));
    }

    [Fact]
    public void Normalize_Long_WithoutSentenceEnd_TruncatesAtLastWhitespace()
    {
        Assert.Equal("alpha beta gamma", PromptText.Normalize("alpha beta gamma delta", 19, Half));
    }

    [Fact]
    public void Normalize_Long_WithoutAnyBoundary_HardCutsAtMaxChars()
    {
        Assert.Equal(new string('x', 16), PromptText.Normalize(new string('x', 40), 16, Half));
    }

    [Fact]
    public void Normalize_Long_CountsScalarValuesNotUtf16Units()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 30));
        Assert.Equal(string.Concat(Enumerable.Repeat("😀", 20)), PromptText.Normalize(text, 20, Half));
    }

    [Fact]
    public void Normalize_PeriodWithoutFollowingSpaceInsidePrefix_IsNotABoundary()
    {
        // "3.14" is not a sentence end; the cut falls back to the last whitespace.
        Assert.Equal("pi is", PromptText.Normalize("pi is 3.14159265358979", 10, Half));
    }

    [Fact]
    public void Normalize_Short_KeptWholeWithTrailingWhitespaceTrimmed()
    {
        Assert.Equal("  Leading kept.", PromptText.Normalize("  Leading kept. \n\t", 1000, Half));
    }
}
