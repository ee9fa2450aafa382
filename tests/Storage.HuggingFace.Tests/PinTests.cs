using Tournament.Storage.HuggingFace.Tests.Support;

namespace Tournament.Storage.HuggingFace.Tests;

public sealed class PinTests : HubTestBase
{
    [Fact]
    public async Task Pin_Branch_ReturnsItsCommitAndWritesTheRef()
    {
        var storage = F.CreateStorage();

        var pinned = Ok(await storage.PinAsync(HubFixture.Repo, "main", default));

        Assert.Equal(HubFixture.Model(HubFixture.Rev2), pinned);
        Assert.Equal(HubFixture.Rev2, File.ReadAllText(Path.Combine(F.CacheDirectory, "models--alice--tiny-model", "refs", "main")));
    }

    [Fact]
    public async Task Pin_NoReference_UsesTheDefaultBranch()
    {
        var pinned = Ok(await F.CreateStorage().PinAsync(HubFixture.Repo, null, default));

        Assert.Equal(HubFixture.Rev2, pinned.Revision);
    }

    [Fact]
    public async Task Pin_UnknownBranch_IsRemoved()
    {
        var result = await F.CreateStorage().PinAsync(HubFixture.Repo, "nope", default);

        Assert.Equal("removed", Gone(result).ReasonCode);
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("a b")]
    [InlineData("/main")]
    public async Task Pin_HostileReference_IsRejectedBeforeAnyRequest(string reference)
    {
        var result = await F.CreateStorage().PinAsync(HubFixture.Repo, reference, default);

        Assert.Equal("bad-commitment", Gone(result).ReasonCode);
        Assert.Empty(F.Hub.Requests);
    }

    [Fact]
    public void CanResolve_OnlyGitCommits()
    {
        var storage = F.CreateStorage();

        Assert.True(storage.CanResolve(HubFixture.Model()));
        Assert.False(storage.CanResolve(new Tournament.Abstractions.ModelRef(HubFixture.Repo, new string('a', 64))));
        Assert.False(storage.CanResolve(new Tournament.Abstractions.ModelRef(HubFixture.Repo, "sha256:" + new string('a', 64))));
    }
}
