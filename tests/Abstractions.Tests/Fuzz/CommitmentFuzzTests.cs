using System.Text;
using CsCheck;
using Tournament.Abstractions;
using Tournament.Fuzzing;

namespace Tournament.Abstractions.Tests.Fuzz;

/// <summary>Issue 16: commitments are read from the chain, written by anyone. Generated ones round-trip; mutated ones
/// are refused with one sentence and never throw.</summary>
public sealed class CommitmentFuzzTests
{
    private static readonly Gen<string> Name = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789._-"], 1, 20]
        .Where(s => s[0] != '.' && !s.Contains("..", StringComparison.Ordinal));

    private static readonly Gen<string> Revision = Gen.OneOf(
        Gen.String[Gen.Char["0123456789abcdef"], 40, 40],
        Gen.String[Gen.Char["0123456789abcdef"], 64, 64],
        Gen.String[Gen.Char["0123456789abcdef"], 64, 64].Select(h => "sha256:" + h));

    private static readonly Gen<(string Repo, string Revision, string Text)> Valid =
        Gen.Select(Name, Name, Revision, Gen.Int[0, 2]).Select((owner, name, revision, format) =>
        {
            var repo = $"{owner}/{name}";
            var text = format switch
            {
                0 => $"{{\"model\":\"{repo}\",\"revision\":\"{revision}\",\"block\":7}}",
                1 => $"v4|{repo}|{revision}",
                _ => $"{repo}@{revision}",
            };
            return (Repo: repo, Revision: revision, Text: text);
        }).Where(v => ModelRef.IsValidRepo(v.Repo));

    [Fact]
    public void GeneratedCommitments_RoundTrip()
    {
        new FuzzProperty("commitment/valid").Run(Valid, v => v.Text.Length, v =>
        {
            Assert.True(CommitmentParser.TryParse(v.Text, out var model, out var error), error);
            Assert.Equal((v.Repo, v.Revision), (model!.Repo, model.Revision));
        }, ciIterations: 2_000);
    }

    [Fact]
    public void MutatedCommitments_AreRefusedWithOneSentence_NeverThrow()
    {
        var mutated = Valid.SelectMany(v => Mutations.Of(Encoding.UTF8.GetBytes(v.Text))).Select(b => Encoding.UTF8.GetString(b));
        new FuzzProperty("commitment/mutated").Run(mutated, s => s.Length * 2, text =>
        {
            if (CommitmentParser.TryParse(text, out var model, out var error))
            {
                Assert.True(ModelRef.IsValidRepo(model!.Repo));
                Assert.True(ModelRef.IsPinnedRevision(model.Revision));
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                Assert.DoesNotContain('\n', error!.TrimEnd());
            }
        }, ciIterations: 4_000);
    }

    /// <summary>Found by the fuzzer (seed 4CnTMiknCp31): a repository id with a trailing newline passed validation
    /// (the pattern ended in <c>$</c>, which matches before a final newline), so <c>v4|owner/name\n|rev</c> was accepted.</summary>
    [Fact]
    public void RepoWithTrailingNewline_IsRefused()
    {
        Assert.False(CommitmentParser.TryParse("v4|669s1/u\n|c669b2a068bb60eca0068cdf8466437f5b2d4d62", out _, out _));
        Assert.False(ModelRef.IsValidRepo("alice/model\n"));
    }

    /// <summary>Found by the fuzzer: the refusal echoed a raw newline of the commitment, so the disqualification
    /// reason spanned two lines of the outcome table.</summary>
    [Fact]
    public void CommitmentWithNewline_RefusalIsOneLineWithTheNewlineEscaped()
    {
        Assert.False(CommitmentParser.TryParse("v4|669s1\nx/u|c669b2a068bb60eca0068cdf8466437f5b2d4d62", out _, out var error));

        Assert.DoesNotContain('\n', error!);
        Assert.Contains("669s1\\u000Ax/u", error, StringComparison.Ordinal);
    }
}
