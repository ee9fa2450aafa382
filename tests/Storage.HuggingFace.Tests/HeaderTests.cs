using Tournament.Storage.HuggingFace.Tests.Server;
using Tournament.Storage.HuggingFace.Tests.Support;

namespace Tournament.Storage.HuggingFace.Tests;

public sealed class HeaderTests : HubTestBase
{
    [Fact]
    public async Task ReadSafetensorsHeader_LargeFile_ReadsOnlyTheHeaderByRange()
    {
        // 2M parameters, 8 MB of weights, served by the CDN origin.
        var weights = SafetensorsFiles.Build([("a", [1024, 1024]), ("b", [1024, 1024]), ("c", [7])], seed: 7);
        const string sha = "4444444444444444444444444444444444444444";
        F.Hub.WriteRevision(HubFixture.Repo, sha, new Dictionary<string, byte[]> { ["model.safetensors"] = weights });
        var storage = F.CreateStorage();
        Ok(await storage.DescribeAsync(HubFixture.Model(sha), default));
        var before = F.Hub.BodyBytesServed;

        var header = Ok(await storage.ReadSafetensorsHeaderAsync(HubFixture.Model(sha), "model.safetensors", default));

        Assert.Equal((2L * 1024 * 1024) + 7, header.ParameterCount);
        Assert.Equal(["a", "b", "c"], header.Tensors.Select(t => t.Name));
        Assert.Equal(weights.Length, header.FileLength);
        Assert.Equal(header.DataOffset, F.Hub.BodyBytesServed - before);
        Assert.Equal(["bytes=0-7", $"bytes=8-{header.DataOffset - 1}"], F.Hub.Requests.Where(r => r.Role == HubRole.Cdn).Select(r => r.Range));
    }

    [Fact]
    public async Task ReadSafetensorsHeader_TrailingBytesBeyondHeader_IsDisqualified()
    {
        var weights = SafetensorsFiles.Build([("a", [16, 16])], seed: 8, trailingBytes: 100);
        const string sha = "5555555555555555555555555555555555555555";
        F.Hub.WriteRevision(HubFixture.Repo, sha, new Dictionary<string, byte[]> { ["model.safetensors"] = weights });

        var result = await F.CreateStorage().ReadSafetensorsHeaderAsync(HubFixture.Model(sha), "model.safetensors", default);

        var dq = Gone(result);
        Assert.Equal("invalid-safetensors", dq.ReasonCode);
        Assert.Contains("trailing", dq.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadSafetensorsHeader_HugeDeclaredHeader_IsRefusedWithoutReadingIt()
    {
        var weights = new byte[4096];
        new Random(9).NextBytes(weights);
        BitConverter.TryWriteBytes(weights.AsSpan(0, 8), 4000UL);
        const string sha = "6666666666666666666666666666666666666666";
        F.Hub.WriteRevision(HubFixture.Repo, sha, new Dictionary<string, byte[]> { ["model.safetensors"] = weights });

        var result = await F.CreateStorage(configure: o => o.MaxHeaderBytes = 1000).ReadSafetensorsHeaderAsync(HubFixture.Model(sha), "model.safetensors", default);

        Assert.Equal("invalid-safetensors", Gone(result).ReasonCode);
        Assert.Single(F.Hub.Requests, r => r.Role == HubRole.Cdn);
    }

    [Fact]
    public async Task ReadSafetensorsHeader_RangeAnswerWithAnotherTotalSize_IsCaught()
    {
        var storage = F.CreateStorage();
        Ok(await storage.DescribeAsync(HubFixture.Model(), default));

        // The file changes behind the model API's back: the Content-Range total no longer matches the listed size.
        File.WriteAllBytes(Path.Combine(F.Hub.Root, HubFixture.Repo, "revisions", HubFixture.Rev1, "model.safetensors"), [.. HubFixture.Weights1, 1, 2, 3]);
        var result = await storage.ReadSafetensorsHeaderAsync(HubFixture.Model(), "model.safetensors", default);

        Assert.True(result.IsT2);
    }

    [Fact]
    public async Task ReadSafetensorsHeader_MissingFile_IsRemoved()
    {
        var result = await F.CreateStorage().ReadSafetensorsHeaderAsync(HubFixture.Model(), "nope.safetensors", default);

        Assert.Equal("removed", Gone(result).ReasonCode);
    }

    [Fact]
    public async Task ReadFile_SmallConfig_ReturnsBytesVerifiedByGitBlobId()
    {
        var bytes = Ok(await F.CreateStorage().ReadFileAsync(HubFixture.Model(), "config.json", 1 << 20, default));

        Assert.Equal(HubFixture.Config, bytes);
    }

    [Fact]
    public async Task ReadFile_CorruptedInTransit_IsDeferred()
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Resolve, Kind = FaultKind.Corrupt, PathContains = "config.json" });

        var result = await F.CreateStorage().ReadFileAsync(HubFixture.Model(), "config.json", 1 << 20, default);

        Assert.Contains("git blob id", Deferred(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFile_LargerThanMax_IsDisqualifiedWithoutDownload()
    {
        var result = await F.CreateStorage().ReadFileAsync(HubFixture.Model(), "model.safetensors", 100, default);

        Assert.Equal("oversized", Gone(result).ReasonCode);
        Assert.DoesNotContain(F.Hub.Requests, r => r.Role != HubRole.Api);
    }

    [Theory]
    [InlineData("../config.json")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    public async Task ReadFile_TraversalPath_IsRejectedBeforeAnyRequest(string path)
    {
        var result = await F.CreateStorage().ReadFileAsync(HubFixture.Model(), path, 1 << 20, default);

        Assert.Equal("unsafe-path", Gone(result).ReasonCode);
        Assert.Empty(F.Hub.Requests);
    }
}
