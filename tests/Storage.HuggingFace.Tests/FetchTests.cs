using System.Security.Cryptography;
using Tournament.Abstractions;
using Tournament.Storage.HuggingFace.Tests.Server;
using Tournament.Storage.HuggingFace.Tests.Support;

namespace Tournament.Storage.HuggingFace.Tests;

public sealed class FetchTests : HubTestBase
{
    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private string RepoCache => Path.Combine(F.CacheDirectory, "models--alice--tiny-model");

    [Fact]
    public async Task Fetch_AllFiles_VerifiedIntoHuggingFaceCacheLayout()
    {
        var progress = new RecordingProgress();

        var snapshot = Ok(await F.CreateStorage().FetchAsync(HubFixture.Model(HubFixture.Rev2), FetchRequest.All, progress, default));

        Assert.Equal(Path.Combine(RepoCache, "snapshots", HubFixture.Rev2), snapshot.Directory);
        Assert.Equal(HubFixture.Weights2, File.ReadAllBytes(snapshot.PathOf("model.safetensors")));
        Assert.Equal(HubFixture.Config, File.ReadAllBytes(snapshot.PathOf("config.json")));
        Assert.Equal("{\"model\":{}}"u8.ToArray(), File.ReadAllBytes(snapshot.PathOf("sub/dir/tokenizer.json")));
        var link = new FileInfo(snapshot.PathOf("model.safetensors"));
        Assert.Equal($"../../blobs/{Sha256(HubFixture.Weights2)}", link.LinkTarget);
        Assert.Equal("../../../../blobs/", new FileInfo(snapshot.PathOf("sub/dir/tokenizer.json")).LinkTarget![..18]);
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoCache, "blobs"), "*.incomplete"));
        Assert.Equal(progress.Total, progress.Done);
        Assert.Equal(HubFixture.Weights2.Length + HubFixture.Config.Length + 12, progress.Done);
    }

    [Fact]
    public async Task Fetch_SecondTime_ReusesTheCacheWithoutDownloading()
    {
        var storage = F.CreateStorage();
        Ok(await storage.FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default));
        var served = F.Hub.BodyBytesServed;

        var snapshot = Ok(await F.CreateStorage().FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(served, F.Hub.BodyBytesServed);
        Assert.Equal(HubFixture.Weights1, File.ReadAllBytes(snapshot.PathOf("model.safetensors")));
    }

    [Fact]
    public async Task Fetch_SelectedFiles_DownloadsOnlyThose()
    {
        var snapshot = Ok(await F.CreateStorage().FetchAsync(HubFixture.Model(), new FetchRequest(["config.json"]), NullProgressReporter.Instance, default));

        Assert.Equal(["config.json"], snapshot.Files.Select(f => f.Path));
        Assert.DoesNotContain(F.Hub.Requests, r => r.Role == HubRole.Cdn);
        Assert.False(File.Exists(snapshot.PathOf("model.safetensors")));
    }

    [Fact]
    public async Task Fetch_ConnectionDroppedMidFile_ResumesWithRange()
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Cdn, Kind = FaultKind.DropAfter, Bytes = 3000 });

        var snapshot = Ok(await F.CreateStorage().FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(HubFixture.Weights1, File.ReadAllBytes(snapshot.PathOf("model.safetensors")));
        var cdn = F.Hub.Requests.Where(r => r.Role == HubRole.Cdn).ToList();
        Assert.Equal(2, cdn.Count);
        Assert.Null(cdn[0].Range);
        Assert.Equal("bytes=3000-", cdn[1].Range);
    }

    [Fact]
    public async Task Fetch_IncompleteBlobFromEarlierRun_ResumesFromItsLength()
    {
        var blobs = Path.Combine(RepoCache, "blobs");
        Directory.CreateDirectory(blobs);
        File.WriteAllBytes(Path.Combine(blobs, Sha256(HubFixture.Weights1) + ".incomplete"), HubFixture.Weights1[..5000]);

        var snapshot = Ok(await F.CreateStorage().FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(HubFixture.Weights1, File.ReadAllBytes(snapshot.PathOf("model.safetensors")));
        Assert.Equal(["bytes=5000-"], F.Hub.Requests.Where(r => r.Role == HubRole.Cdn).Select(r => r.Range));
    }

    [Fact]
    public async Task Fetch_WrongBytes_IsDeferredAndNothingIsLeftInTheCache()
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Cdn, Kind = FaultKind.Corrupt });

        var result = await F.CreateStorage().FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default);

        Assert.Contains("SHA-256", Deferred(result).Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoCache, "blobs"), Sha256(HubFixture.Weights1) + "*"));
        Assert.False(File.Exists(Path.Combine(RepoCache, "snapshots", HubFixture.Rev1, "model.safetensors")));
    }

    [Fact]
    public async Task Fetch_MoreBytesThanListed_IsCaughtAndDiscarded()
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Cdn, Kind = FaultKind.ExtraBytes, Bytes = 10 });

        var result = await F.CreateStorage().FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default);

        Assert.True(result.IsT2);
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoCache, "blobs"), Sha256(HubFixture.Weights1) + "*"));
    }

    [Fact]
    public async Task Fetch_SnapshotEntryLinkingOutOfTheCache_IsReplacedByTheVerifiedBlob()
    {
        var outside = Path.Combine(F.Hub.Root, "..", "evil.bin");
        File.WriteAllBytes(outside, new byte[HubFixture.Weights1.Length]);
        var entry = Path.Combine(RepoCache, "snapshots", HubFixture.Rev1, "model.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        File.CreateSymbolicLink(entry, outside);

        var snapshot = Ok(await F.CreateStorage().FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(HubFixture.Weights1, File.ReadAllBytes(snapshot.PathOf("model.safetensors")));
        Assert.StartsWith("../../blobs/", new FileInfo(entry).LinkTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_FileOverMaxFileBytes_IsDisqualifiedWithoutDownload()
    {
        var result = await F.CreateStorage(configure: o => o.MaxFileBytes = 1000).FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default);

        Assert.Equal("oversized", Gone(result).ReasonCode);
        Assert.DoesNotContain(F.Hub.Requests, r => r.Role == HubRole.Cdn);
    }

    [Fact]
    public async Task Fetch_GatedWithoutToken_IsRemoved()
    {
        F.Hub.SetRepoFlags(HubFixture.Repo, "{\"gated\": \"auto\"}");

        var result = await F.CreateStorage().FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default);

        Assert.Equal("removed", Gone(result).ReasonCode);
    }

    [Fact]
    public async Task Fetch_CdnReturns503_IsDeferred()
    {
        F.Hub.AddFault(new Fault { Role = HubRole.Cdn, Status = 503, Times = 100 });

        var result = await F.CreateStorage().FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default);

        Assert.True(result.IsT2);
    }

    [Fact]
    public async Task Fetch_TokenIsSentOnlyToTheHubHostAndNeverLogged()
    {
        F.Hub.AcceptedToken = HubFixture.Token;
        F.Hub.SetRepoFlags(HubFixture.Repo, "{\"gated\": \"manual\"}");
        F.Hub.AddFault(new Fault { Role = HubRole.Cdn, Kind = FaultKind.Corrupt });
        var storage = F.CreateStorage(HubFixture.Token);

        var failed = await storage.FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default);
        var snapshot = Ok(await storage.FetchAsync(HubFixture.Model(), FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.True(failed.IsT2);
        Assert.DoesNotContain(HubFixture.Token, failed.AsT2.Reason, StringComparison.Ordinal);
        Assert.Equal(HubFixture.Weights1, File.ReadAllBytes(snapshot.PathOf("model.safetensors")));
        Assert.All(F.Hub.Requests.Where(r => r.Role != HubRole.Cdn), r => Assert.Equal("Bearer " + HubFixture.Token, r.Authorization));
        Assert.All(F.Hub.Requests.Where(r => r.Role == HubRole.Cdn), r => Assert.Null(r.Authorization));
        Assert.Contains(F.Hub.Requests, r => r.Role == HubRole.Cdn);
        Assert.NotEmpty(F.Logs.Lines);
        Assert.DoesNotContain(F.Logs.Lines, l => l.Contains(HubFixture.Token, StringComparison.Ordinal) || l.Contains("SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain(
            Directory.EnumerateFiles(F.CacheDirectory, "*", SearchOption.AllDirectories).Where(p => new FileInfo(p).LinkTarget is null),
            p => File.ReadAllText(p).Contains(HubFixture.Token, StringComparison.Ordinal));
    }
}
