using System.Security.Cryptography;
using Tournament.Storage.HuggingFace.Tests.Server;
using Tournament.Storage.HuggingFace.Tests.Support;

namespace Tournament.Storage.HuggingFace.Tests;

public sealed class DescribeTests : HubTestBase
{
    [Fact]
    public async Task Describe_PinnedRevision_ListsFilesSizesAndLfsHashes()
    {
        var storage = F.CreateStorage();

        var description = Ok(await storage.DescribeAsync(HubFixture.Model(), default));

        Assert.True(description.IsPublic);
        Assert.Equal(HubFixture.Rev1, description.Details["sha"]);
        Assert.Equal(["config.json", "model.safetensors"], description.Files.Select(f => f.Path));
        var weights = description.Files.Single(f => f.Path == "model.safetensors");
        Assert.Equal(HubFixture.Weights1.Length, weights.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(HubFixture.Weights1)), weights.Sha256);
        Assert.Null(description.Files.Single(f => f.Path == "config.json").Sha256);
        Assert.Contains(F.Hub.Requests, r => r.Role == HubRole.Api && r.Path == $"/api/models/{HubFixture.Repo}/revision/{HubFixture.Rev1}");
    }

    [Fact]
    public async Task Describe_TwoRevisions_EachListsItsOwnFiles()
    {
        var storage = F.CreateStorage();

        var first = Ok(await storage.DescribeAsync(HubFixture.Model(HubFixture.Rev1), default));
        var second = Ok(await storage.DescribeAsync(HubFixture.Model(HubFixture.Rev2), default));

        Assert.Equal(2, first.Files.Count);
        Assert.Equal(["config.json", "model.safetensors", "sub/dir/tokenizer.json"], second.Files.Select(f => f.Path));
        Assert.Equal(HubFixture.Weights2.Length, second.Files.Single(f => f.Path == "model.safetensors").Size);
    }

    [Fact]
    public async Task Describe_UnknownRevision_IsRemoved()
    {
        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model("3333333333333333333333333333333333333333"), default);

        Assert.Equal("removed", Gone(result).ReasonCode);
    }

    [Fact]
    public async Task Describe_PrivateWithoutToken_IsRemoved()
    {
        F.Hub.SetRepoFlags(HubFixture.Repo, "{\"private\": true}");

        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model(), default);

        Assert.Equal("removed", Gone(result).ReasonCode);
    }

    [Fact]
    public async Task Describe_PrivateWithToken_IsNotPublic()
    {
        F.Hub.AcceptedToken = HubFixture.Token;
        F.Hub.SetRepoFlags(HubFixture.Repo, "{\"private\": true}");

        var description = Ok(await F.CreateStorage(HubFixture.Token).DescribeAsync(HubFixture.Model(), default));

        Assert.False(description.IsPublic);
    }

    [Fact]
    public async Task Describe_GatedManual_IsNotPublic()
    {
        F.Hub.SetRepoFlags(HubFixture.Repo, "{\"gated\": \"manual\"}");

        var description = Ok(await F.CreateStorage().DescribeAsync(HubFixture.Model(), default));

        Assert.False(description.IsPublic);
        Assert.Equal("manual", description.Details["gated"]);
    }

    [Fact]
    public async Task Describe_Disabled_IsRemoved()
    {
        F.Hub.SetRepoFlags(HubFixture.Repo, "{\"disabled\": true}");

        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model(), default);

        Assert.Contains("disabled", Gone(result).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(401)]
    public async Task Describe_ClientErrorStatus_IsRemoved(int status)
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Api, Status = status });

        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model(), default);

        Assert.Equal("removed", Gone(result).ReasonCode);
        Assert.Single(F.Hub.Requests, r => r.Role == HubRole.Api);
    }

    [Fact]
    public async Task Describe_Persistent503_IsDeferredAfterRetries()
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Api, Status = 503, Times = 100 });

        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model(), default);

        Assert.Contains("503", Deferred(result).Reason, StringComparison.Ordinal);
        Assert.Equal(3, F.Hub.Requests.Count(r => r.Role == HubRole.Api));
    }

    [Fact]
    public async Task Describe_429WithRetryAfter_RetriesAndSucceeds()
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Api, Status = 429, RetryAfter = "1" });

        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model(), default);

        Assert.True(result.IsOk);
        Assert.Equal(2, F.Hub.Requests.Count(r => r.Role == HubRole.Api));
    }

    [Fact]
    public async Task Describe_503WithRetryAfterHttpDate_RetriesAndSucceeds()
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Api, Status = 503, RetryAfter = DateTimeOffset.UtcNow.AddSeconds(1).ToString("R", System.Globalization.CultureInfo.InvariantCulture) });

        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model(), default);

        Assert.True(result.IsOk);
        Assert.Equal(2, F.Hub.Requests.Count(r => r.Role == HubRole.Api));
    }

    [Fact]
    public async Task Describe_Persistent429_IsDeferred()
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Api, Status = 429, RetryAfter = "0", Times = 100 });

        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model(), default);

        Assert.Contains("429", Deferred(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_SiblingNamedDotDotX_IsRejected()
    {
        F.Hub.AddFault(new Fault
        {
            Role = HubRole.Api,
            Kind = FaultKind.Body,
            Body = $"{{\"id\":\"{HubFixture.Repo}\",\"sha\":\"{HubFixture.Rev1}\",\"siblings\":[{{\"rfilename\":\"../../x\",\"size\":1,\"blobId\":\"{new string('a', 40)}\"}}]}}",
        });

        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model(), default);

        Assert.Equal("unsafe-path", Gone(result).ReasonCode);
        Assert.False(Directory.Exists(F.CacheDirectory) && Directory.EnumerateFileSystemEntries(F.CacheDirectory, "x", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Describe_AnswerForAnotherCommit_IsRemoved()
    {
        F.Hub.AddFault(new Fault
        {
            Role = HubRole.Api,
            Kind = FaultKind.Body,
            Body = $"{{\"id\":\"{HubFixture.Repo}\",\"sha\":\"{HubFixture.Rev2}\",\"siblings\":[]}}",
        });

        var result = await F.CreateStorage().DescribeAsync(HubFixture.Model(), default);

        Assert.Contains("pinned revision", Gone(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_ServerDown_IsDeferred()
    {
        var storage = F.CreateStorage(configure: o => o.Endpoint = "http://127.0.0.1:1/");

        var result = await storage.DescribeAsync(HubFixture.Model(), default);

        Assert.Contains("could not be reached", Deferred(result).Reason, StringComparison.Ordinal);
    }
}
