using System.Text;
using System.Text.Json;
using Snapshooter.Xunit;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Tests.Tokenizers;

[Collection(Qwen3TokenizerGroup.Name)]
public sealed class Qwen3ReferenceTests(Qwen3TokenizerFixture qwen)
{
    private static readonly IReadOnlyList<string> Strings = TestStrings.Load("qwen3-strings.json");

    [Fact]
    public void Encode_CommittedStrings_MatchNodeReferenceExactly()
    {
        Assert.True(Strings.Count >= 200, $"only {Strings.Count} test strings");
        IReadOnlyList<ReferenceEncoding> reference = qwen.RunReference(Strings);
        List<string> failures = [];
        for (int i = 0; i < Strings.Count; i++)
        {
            int[] ours = [.. qwen.Tokenizer.Encode(Strings[i])];
            if (!ours.SequenceEqual(reference[i].Ids))
            {
                failures.Add($"#{i} {JsonSerializer.Serialize(Strings[i])}: ours [{string.Join(',', ours)}] reference [{string.Join(',', reference[i].Ids)}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Decode_CommittedStrings_MatchNodeReferenceAndRoundTrip()
    {
        IReadOnlyList<ReferenceEncoding> reference = qwen.RunReference(Strings);
        int exactRoundTrips = 0;
        for (int i = 0; i < Strings.Count; i++)
        {
            string decoded = qwen.Tokenizer.Decode(qwen.Tokenizer.Encode(Strings[i]));
            Assert.Equal(reference[i].Decoded, decoded);
            // Qwen3 normalizes to NFC and UTF-8 cannot carry a lone surrogate (it becomes U+FFFD): that is the round trip.
            Assert.Equal(ExpectedRoundTrip(Strings[i]), decoded);
            exactRoundTrips += decoded == Strings[i] ? 1 : 0;
        }

        Assert.True(exactRoundTrips >= 200, $"only {exactRoundTrips} strings round-trip byte for byte");
    }

    [Fact]
    public void Encode_GoldenStrings_MatchSnapshot()
    {
        string[] golden = ["Hello world", "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n4<|im_end|>",
            "  \t\r\n 12345 你好 👍🏽 👨‍👩‍👧", "def f(x):\n    return x ** 2\n", "naïve café — “quoted” 𠀀abc"];
        Snapshot.Match(golden.Select(s => new { text = s, ids = qwen.Tokenizer.Encode(s) }).ToArray());
    }

    [Fact]
    public void Load_RealQwen3_HasExpectedShape()
    {
        HfTokenizer t = qwen.Tokenizer;
        Assert.Equal(151_643, t.Vocabulary.Count);
        Assert.Equal(151_669, t.VocabularySize);
        Assert.Equal(26, t.AddedTokens.Count);
        Assert.Equal(151_644, t.TokenToId("<|im_start|>"));
        Assert.Equal("<think>", t.IdToToken(151_667));
        Assert.Equal(new BpeMerge("Ġ", "Ġ"), t.Merges[0]);
    }

    [Fact]
    public void Encode_SpecialTokensDisabled_SplitsMarkupIntoOrdinaryTokens()
    {
        const string text = "<|im_start|>user<|im_end|>";
        IReadOnlyList<int> recognised = qwen.Tokenizer.Encode(text);
        IReadOnlyList<int> literal = qwen.Tokenizer.Encode(text, recognizeSpecialTokens: false);
        Assert.Equal([151_644, qwen.Tokenizer.Encode("user").Single(), 151_645], recognised);
        Assert.DoesNotContain(literal, id => id >= 151_643);
        Assert.Equal(text, qwen.Tokenizer.Decode(literal));
    }

    [Fact]
    public void Decode_SkipSpecial_DropsOnlySpecialTokens()
    {
        IReadOnlyList<int> ids = qwen.Tokenizer.Encode("<|im_start|>hi<think>x</think><|im_end|>");
        Assert.Equal("hi<think>x</think>", qwen.Tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void Decode_UnknownId_ThrowsNamingTheId()
    {
        ArgumentOutOfRangeException ex = Assert.Throws<ArgumentOutOfRangeException>(() => qwen.Tokenizer.Decode([5, 999_999]));
        Assert.Contains("999999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ConcurrentCallers_SameIdsAsSequential()
    {
        int[][] sequential = [.. Strings.Select(s => qwen.Tokenizer.Encode(s).ToArray())];
        int[][] parallel = new int[Strings.Count][];
        Parallel.For(0, Strings.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i % Strings.Count] = [.. qwen.Tokenizer.Encode(Strings[i % Strings.Count])]);
        for (int i = 0; i < Strings.Count; i++)
        {
            Assert.Equal(sequential[i], parallel[i]);
        }
    }

    [Fact]
    public void Decode_HalfOfAMultiByteCharacter_GivesReplacementCharacter()
    {
        IReadOnlyList<int> ids = qwen.Tokenizer.Encode("\u4E2D"); // 中 = E4 B8 AD
        int firstByte = qwen.Tokenizer.TokenToId(Tournament.Inference.Tokenizers.ByteLevelAlphabet.CharOf(0xE4).ToString())!.Value;
        Assert.Equal("\uFFFD", qwen.Tokenizer.Decode([firstByte]));
        Assert.Equal("\u4E2D", qwen.Tokenizer.Decode(ids));
    }

    private static string ExpectedRoundTrip(string s)
    {
        StringBuilder sb = new();
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(s[i]).Append(s[++i]);
            }
            else
            {
                sb.Append(char.IsSurrogate(s[i]) ? '\uFFFD' : s[i]);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
