using Tournament.Abstractions;

namespace Tournament.Abstractions.Tests;

public sealed class CommitmentParserTests
{
    private const string Sha40 = "0123456789abcdef0123456789abcdef01234567";
    private const string Sha64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly RevisionForm GitCommit = new(null, 40);
    private static readonly RevisionForm Digest = new("sha256", 64);

    [Fact]
    public void TryParse_JsonCommitment_ReturnsPinnedModel()
    {
        Assert.True(CommitmentParser.TryParse($"{{\"model\":\"alice/student\",\"revision\":\"{Sha40}\"}}", out var model, out var error), error);
        Assert.Equal(new ModelRef("alice/student", Sha40), model);
        Assert.True(GitCommit.Matches(model!.Revision));
    }

    [Fact]
    public void CommitmentBlockKey_IsIgnored()
    {
        // Regression (Distil exploit 9): a "block" key inside the JSON must not matter; the chain's block is authoritative.
        Assert.True(CommitmentParser.TryParse($"{{\"model\":\"alice/student\",\"revision\":\"{Sha40}\",\"block\":1}}", out var model, out _));
        Assert.Equal("alice/student", model!.Repo);
    }

    [Fact]
    public void TryParse_V4Reveal_SelectsBackendByDigestForm()
    {
        Assert.True(CommitmentParser.TryParse($"v4|bob/coder|sha256:{Sha64}", out var hippius, out _));
        Assert.True(Digest.Matches(hippius!.Revision));
        Assert.False(GitCommit.Matches(hippius.Revision));
        Assert.True(CommitmentParser.TryParse($"v4|bob/coder|{Sha40}", out var hf, out _));
        Assert.True(GitCommit.Matches(hf!.Revision));
        Assert.False(Digest.Matches(hf.Revision));
    }

    [Fact]
    public void TryParse_UppercaseRevision_IsNormalised()
    {
        Assert.True(CommitmentParser.TryParse($"alice/student@{Sha40.ToUpperInvariant()}", out var model, out _));
        Assert.Equal(Sha40, model!.Revision);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("{\"model\":\"alice/student\"}", "needs both")]
    [InlineData("{\"model\":5,\"revision\":\"x\"}", "must be a string")]
    [InlineData("{\"model\":\"alice/student\",\"revision\":\"main\"}", "not a pinned revision")]
    [InlineData("{\"model\":\"../../etc\",\"revision\":\"0123456789abcdef0123456789abcdef01234567\"}", "not a valid repository id")]
    [InlineData("{\"model\":\"/abs/path\",\"revision\":\"0123456789abcdef0123456789abcdef01234567\"}", "not a valid repository id")]
    [InlineData("{\"model\":\"a/b\",\"revision\":\"0123456789abcdef0123456789abcdef01234567\"", "not valid JSON")]
    [InlineData("[1,2]", "no pinned revision")]
    [InlineData("{\"model\":\"a/b\",\"model\":\"c/d\",\"revision\":\"0123456789abcdef0123456789abcdef01234567\"}", "appears twice")]
    [InlineData("v4|a/b", "v4|<repo>|<revision>")]
    [InlineData("v4|a/b|sha256:zz", "not a pinned revision")]
    [InlineData("alice/student", "no pinned revision")]
    [InlineData("alice/student@", "no pinned revision")]
    [InlineData("a/b@0123456789abcdef0123456789abcdef0123456", "not a pinned revision")]
    public void TryParse_MalformedCommitment_GivesClearError(string data, string expected)
    {
        Assert.False(CommitmentParser.TryParse(data, out var model, out var error));
        Assert.Null(model);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OversizedCommitment_IsRefusedBeforeParsing()
    {
        var huge = "{\"model\":\"a/b\",\"revision\":\"" + new string('0', 40) + "\",\"pad\":\"" + new string('x', 5000) + "\"}";
        Assert.False(CommitmentParser.TryParse(huge, out _, out var error));
        Assert.Contains("at most 1024", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DeeplyNestedJson_IsRefused()
    {
        var nested = "{\"model\":\"a/b\",\"revision\":\"" + new string('0', 40) + "\",\"x\":" + new string('[', 50) + new string(']', 50) + "}";
        Assert.False(CommitmentParser.TryParse(nested, out _, out var error));
        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("owner/name", true)]
    [InlineData("Owner-1/name_2.v3", true)]
    [InlineData("owner", false)]
    [InlineData("owner/name/extra", false)]
    [InlineData("owner/..", false)]
    [InlineData("own..er/name", false)]
    [InlineData(".hidden/name", false)]
    [InlineData("owner/na me", false)]
    [InlineData("owner\\name", false)]
    public void IsValidRepo_RejectsTraversalAndOddNames(string repo, bool valid) =>
        Assert.Equal(valid, ModelRef.IsValidRepo(repo));

    [Fact]
    public void SubmissionKey_RoundTripsThroughText()
    {
        var key = new SubmissionKey("5Hot:Key", 1234);
        Assert.Equal("5Hot:Key:1234", key.ToString());
        Assert.Equal(key, SubmissionKey.Parse(key.ToString()));
        Assert.Throws<FormatException>(() => SubmissionKey.Parse("nocolon"));
        Assert.Throws<FormatException>(() => SubmissionKey.Parse("hk:-5"));
    }
}
