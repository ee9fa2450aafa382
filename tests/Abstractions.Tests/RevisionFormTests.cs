using Tournament.Abstractions;

namespace Tournament.Abstractions.Tests;

public sealed class RevisionFormTests
{
    private static readonly string Hex64 = string.Concat(Enumerable.Repeat("0123456789abcdef", 4));

    [Fact]
    public void Commitment_ForABackendTheContractsDoNotName_ParsesAndRoutesByItsForm()
    {
        // A new backend declares its own form; the contracts need no change to carry its revisions.
        var blake3 = new RevisionForm("blake3", 64);
        Assert.True(CommitmentParser.TryParse($"v4|carol/model|blake3:{Hex64}", out var model, out var error), error);
        Assert.True(blake3.Matches(model!.Revision));
        Assert.False(new RevisionForm("sha256", 64).Matches(model.Revision));
        Assert.False(new RevisionForm(null, 64).Matches(model.Revision));
    }

    [Theory]
    [InlineData("sha256", 64, "sha256:", true)]
    [InlineData("sha256", 64, "sha257:", false)]
    [InlineData("sha256", 64, "sha256", false)]
    [InlineData("sha256", 64, "", false)]
    [InlineData(null, 64, "", true)]
    [InlineData(null, 40, "", false)]
    [InlineData(null, 64, "x:", false)]
    public void Matches_ChecksSchemeAndDigestLength(string? scheme, int length, string prefix, bool expected) =>
        Assert.Equal(expected, new RevisionForm(scheme, length).Matches(prefix + Hex64));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256:")]
    [InlineData("main")]
    public void Matches_NoDigest_IsFalse(string? revision) =>
        Assert.False(new RevisionForm("sha256", 64).Matches(revision));

    [Fact]
    public void Matches_UpperCaseDigest_IsFalse() =>
        Assert.False(new RevisionForm(null, 64).Matches(Hex64.ToUpperInvariant()));

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData("0123456789abcdef0123456789abcdef0123456", false)]
    [InlineData("blake3:0123456789abcdef0123456789abcdef01234567", true)]
    [InlineData(":0123456789abcdef0123456789abcdef01234567", false)]
    [InlineData("1x:0123456789abcdef0123456789abcdef01234567", false)]
    [InlineData("a-b:0123456789abcdef0123456789abcdef01234567", false)]
    [InlineData("abcdefghijklmnopq:0123456789abcdef0123456789abcdef01234567", false)]
    [InlineData("a:b:0123456789abcdef0123456789abcdef01234567", false)]
    [InlineData("refs/heads/main", false)]
    public void IsPinnedRevision_AcceptsOnlySchemeAndHexDigest(string revision, bool expected) =>
        Assert.Equal(expected, ModelRef.IsPinnedRevision(revision));

    [Fact]
    public void IsPinnedRevision_DigestLongerThanTheBound_IsFalse()
    {
        Assert.True(ModelRef.IsPinnedRevision(new string('a', ModelRef.MaxDigestLength)));
        Assert.False(ModelRef.IsPinnedRevision(new string('a', ModelRef.MaxDigestLength + 1)));
    }

    [Fact]
    public void ToString_ReadsAsTheForm()
    {
        Assert.Equal("sha256:<64 hex>", new RevisionForm("sha256", 64).ToString());
        Assert.Equal("<40 hex>", new RevisionForm(null, 40).ToString());
    }
}
