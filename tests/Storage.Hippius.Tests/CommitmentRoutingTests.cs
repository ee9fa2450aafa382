using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius;
using Tournament.Storage.Hippius.Tests.Fixtures;

namespace Tournament.Storage.Hippius.Tests;

public sealed class CommitmentRoutingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CanResolve_V4RevealWithSha256Digest_IsServedByHippius()
    {
        using var storage = Backends.Create(Backends.Registry(new Uri("http://127.0.0.1:9/")), _temp.Path);

        Assert.True(CommitmentParser.TryParse("v4|miner/model|sha256:" + new string('e', 64), out var model, out var error), error);
        Assert.True(storage.CanResolve(model!));
    }

    [Fact]
    public void CanResolve_V4RevealWithGitRevision_IsLeftToHuggingFace()
    {
        using var storage = Backends.Create(Backends.Registry(new Uri("http://127.0.0.1:9/")), _temp.Path);

        Assert.True(CommitmentParser.TryParse("v4|miner/model|" + new string('f', 40), out var model, out var error), error);
        Assert.Equal(new string('f', 40), model!.Revision);
        Assert.False(storage.CanResolve(model));
    }

    [Fact]
    public void CanResolve_ContentHash_IsLeftToLocalStorage()
    {
        using var storage = Backends.Create(Backends.Registry(new Uri("http://127.0.0.1:9/")), _temp.Path);

        Assert.False(storage.CanResolve(new ModelRef("miner/model", new string('a', 64))));
    }

    [Theory]
    [InlineData("v4|miner/model|sha256:EEEE")]
    [InlineData("v4|miner/model|sha256:" + "zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("v4|../etc|sha256:" + "0000000000000000000000000000000000000000000000000000000000000000")]
    public void TryParse_MalformedV4Digest_NeverReachesHippius(string reveal) =>
        Assert.False(CommitmentParser.TryParse(reveal, out _, out _));

    [Fact]
    public void CanResolve_OtherDigestScheme_IsRefused()
    {
        // The contracts accept any scheme (a new backend needs no change there); Hippius serves sha256 only.
        using var storage = Backends.Create(Backends.Registry(new Uri("http://127.0.0.1:9/")), _temp.Path);

        Assert.True(CommitmentParser.TryParse("v4|miner/model|sha512:" + new string('0', 64), out var model, out var error), error);
        Assert.False(storage.CanResolve(model!));
    }

    [Fact]
    public void ComponentAttribute_NamesHippiusWithOptions()
    {
        var attribute = (ComponentAttribute)Attribute.GetCustomAttribute(typeof(HippiusStorage), typeof(ComponentAttribute))!;

        Assert.Equal("hippius", attribute.Name);
        Assert.Equal(typeof(HippiusOptions), attribute.Options);
    }
}
