using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius;
using Tournament.Storage.Hippius.Tests.Fixtures;

namespace Tournament.Storage.Hippius.Tests.Registry;

public sealed class RegistryFetchTests : IAsyncLifetime, IDisposable
{
    private const string Repo = "miner/model";
    private readonly TempFolder _temp = new();
    private RegistryServer _server = null!;

    public async Task InitializeAsync() => _server = await RegistryServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task FetchAsync_ValidModel_WritesVerifiedSnapshotWithHubLayout()
    {
        var config = Encoding.UTF8.GetBytes("{\"hidden_size\":8}");
        var weights = Safetensors.Build(4096, seed: 1);
        var model = _server.Push(Repo, [("config.json", config), ("sub/model.safetensors", weights)]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var snapshot = Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(config, await File.ReadAllBytesAsync(snapshot.PathOf("config.json")));
        Assert.Equal(weights, await File.ReadAllBytesAsync(snapshot.PathOf("sub/model.safetensors")));
        var repoFolder = Path.Combine(storage.CacheRoot, "models--miner--model");
        Assert.Equal(Path.Combine(repoFolder, "snapshots", model.Revision[7..]), snapshot.Directory);
        Assert.True(File.Exists(Path.Combine(repoFolder, "blobs", Convert.ToHexStringLower(SHA256.HashData(weights)))));
        Assert.True(File.Exists(Path.Combine(repoFolder, "manifests", model.Revision[7..] + ".json")));
        Assert.Equal([("config.json", 17L), ("sub/model.safetensors", weights.LongLength)], snapshot.Files.Select(f => (f.Path, f.Size)));
    }

    [Fact]
    public async Task FetchAsync_SecondCall_ServesBlobsFromCache()
    {
        var model = _server.Push(Repo, [("a.bin", Backends.RandomBytes(1000, 2))]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));
        Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(1, _server.Count("/blobs/"));
        Assert.Equal(2, _server.Count("/manifests/"));
    }

    [Fact]
    public async Task FetchAsync_SelectedFiles_DownloadsOnlyThose()
    {
        var model = _server.Push(Repo, [("a.bin", Backends.RandomBytes(100, 3)), ("b.bin", Backends.RandomBytes(100, 4))]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var snapshot = Backends.Value(await storage.FetchAsync(model, new FetchRequest(["b.bin"]), NullProgressReporter.Instance, default));

        Assert.Equal(["b.bin"], snapshot.Files.Select(f => f.Path));
        Assert.Equal(1, _server.Count("/blobs/"));
    }

    [Fact]
    public async Task FetchAsync_CorruptedBlob_IsDisqualifiedAndNothingStaysInCache()
    {
        var good = Backends.RandomBytes(2048, 5);
        var model = _server.Push(Repo, [("model.bin", good)]);
        var bad = (byte[])good.Clone();
        bad[1000] ^= 0xFF;
        _server.PutBlob(Repo, RegistryServer.Digest(good), bad);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(HippiusReasonCodes.BlobIntegrity, result.ReasonCode);
        Assert.Contains("model.bin", result.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(storage.CacheRoot, "models--miner--model", "blobs")));
    }

    [Theory]
    [InlineData(100L)]
    [InlineData(1000L)]
    [InlineData(0L)]
    public async Task FetchAsync_ManifestLiesAboutSize_IsDisqualified(long claimed)
    {
        var bytes = Backends.RandomBytes(500, 6);
        var model = _server.Push(Repo, [("model.bin", bytes)], layers => layers[0]["size"] = claimed);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(HippiusReasonCodes.BlobIntegrity, result.ReasonCode);
        Assert.Contains($"manifest says {claimed}", result.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(storage.CacheRoot, "models--miner--model", "blobs")));
    }

    [Fact]
    public async Task FetchAsync_MissingLayer_IsRemoved()
    {
        var bytes = Backends.RandomBytes(10, 7);
        var model = _server.Push(Repo, [("model.bin", bytes)]);
        _server.RemoveBlob(Repo, RegistryServer.Digest(bytes));
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(ReasonCodes.Removed, result.ReasonCode);
    }

    [Fact]
    public async Task FetchAsync_ConnectionDroppedOnce_RefetchesAndSucceeds()
    {
        var bytes = Backends.RandomBytes(256 * 1024, 8);
        var model = _server.Push(Repo, [("model.bin", bytes)]);
        _server.DropBlobRequests = 1;
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var snapshot = Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(snapshot.PathOf("model.bin")));
        Assert.Equal(2, _server.Count("/blobs/"));
    }

    [Fact]
    public async Task FetchAsync_ConnectionDropped_ResumesFromTheWrittenBytesWithRange()
    {
        var bytes = Backends.RandomBytes(256 * 1024, 18);
        var model = _server.Push(Repo, [("model.bin", bytes)]);
        _server.DropBlobRequests = 1;
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var snapshot = Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(snapshot.PathOf("model.bin")));
        var blobRequests = BlobRequests();
        Assert.Equal(2, blobRequests.Length);
        Assert.DoesNotContain("bytes=", blobRequests[0], StringComparison.Ordinal);
        var from = long.Parse(blobRequests[1][(blobRequests[1].IndexOf("bytes=", StringComparison.Ordinal) + 6)..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(from, 1, bytes.Length - 1);
    }

    [Theory]
    [InlineData(nameof(RegistryServer.IgnoreOpenRanges), 2)] // 200 to the resume: read whole in the same attempt
    [InlineData(nameof(RegistryServer.ShiftOpenRanges), 3)] // another range: that attempt fails, the next is whole
    [InlineData(nameof(RegistryServer.CorruptOpenRanges), 3)] // stitched bytes do not verify: one whole download decides
    public async Task FetchAsync_ResumeGoesWrong_WholeDownloadStillVerified(string fault, int requests)
    {
        var bytes = Backends.RandomBytes(256 * 1024, 19);
        var model = _server.Push(Repo, [("model.bin", bytes)]);
        _server.DropBlobRequests = 1;
        _server.IgnoreOpenRanges = fault == nameof(RegistryServer.IgnoreOpenRanges);
        _server.ShiftOpenRanges = fault == nameof(RegistryServer.ShiftOpenRanges);
        _server.CorruptOpenRanges = fault == nameof(RegistryServer.CorruptOpenRanges) ? 1 : 0;
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var snapshot = Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(snapshot.PathOf("model.bin")));
        var blobRequests = BlobRequests();
        Assert.Equal(requests, blobRequests.Length);
        Assert.Contains("bytes=", blobRequests[1], StringComparison.Ordinal); // the resume attempt
        if (requests == 3)
        {
            Assert.DoesNotContain("bytes=", blobRequests[2], StringComparison.Ordinal); // then a whole download
        }
    }

    [Fact]
    public async Task FetchAsync_ConnectionAlwaysDropped_IsDeferredWithoutPartialFiles()
    {
        var model = _server.Push(Repo, [("model.bin", Backends.RandomBytes(256 * 1024, 9))]);
        _server.DropBlobRequests = 100;
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Deferred(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Contains("3 attempts", result.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(storage.CacheRoot, "models--miner--model", "blobs")));
    }

    [Fact]
    public async Task FetchAsync_UnknownFileRequested_IsMissingFile()
    {
        var model = _server.Push(Repo, [("a.bin", [1, 2, 3])]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.FetchAsync(model, new FetchRequest(["../etc/passwd"]), NullProgressReporter.Instance, default));

        Assert.Equal(HippiusReasonCodes.MissingFile, result.ReasonCode);
    }

    [Fact]
    public async Task ReadFileAsync_SmallFile_ReturnsVerifiedBytes()
    {
        var config = Encoding.UTF8.GetBytes("{\"vocab_size\":32}");
        var model = _server.Push(Repo, [("config.json", config), ("w.bin", Backends.RandomBytes(100, 10))]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        Assert.Equal(config, Backends.Value(await storage.ReadFileAsync(model, "config.json", 1024, default)));
        Assert.Equal(1, _server.Count("/blobs/"));
    }

    [Fact]
    public async Task ReadFileAsync_LargerThanLimit_IsOversizedWithoutDownload()
    {
        var model = _server.Push(Repo, [("config.json", Backends.RandomBytes(5000, 11))]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.ReadFileAsync(model, "config.json", 1024, default));

        Assert.Equal(HippiusReasonCodes.Oversized, result.ReasonCode);
        Assert.Equal(0, _server.Count("/blobs/"));
    }

    [Fact]
    public async Task FetchAsync_TwoPathsSameContent_DownloadsTheBlobOnce()
    {
        var bytes = Backends.RandomBytes(300, 12);
        var model = _server.Push(Repo, [("a/tokenizer.json", bytes), ("b/tokenizer.json", bytes)]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var snapshot = Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(snapshot.PathOf("b/tokenizer.json")));
        Assert.Equal(1, _server.Count("/blobs/"));
    }

    [Fact]
    public async Task FetchAsync_Progress_ReportsEveryDownloadedByte()
    {
        var model = _server.Push(Repo, [("a.bin", Backends.RandomBytes(70_000, 13)), ("b.bin", Backends.RandomBytes(5_000, 14))]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);
        var progress = new CountingProgress();

        Backends.Value(await storage.FetchAsync(model, FetchRequest.All, progress, default));

        Assert.Equal((75_000d, 75_000d, "bytes"), (progress.Total, progress.Done, progress.Unit));
    }

    [Fact]
    public async Task FetchAsync_RegistryUnreachable_IsDeferred()
    {
        var unused = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        unused.Start();
        var port = ((System.Net.IPEndPoint)unused.LocalEndpoint).Port;
        unused.Stop();
        using var storage = Backends.Create(Backends.Registry(new Uri($"http://127.0.0.1:{port}/")), _temp.Path);

        var result = Backends.Deferred(await storage.FetchAsync(new ModelRef(Repo, "sha256:" + new string('d', 64)), FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Contains("connection", result.Reason, StringComparison.Ordinal);
    }

    private sealed class CountingProgress : IProgressReporter, IProgressTask
    {
        public double Total { get; private set; }

        public double Done { get; private set; }

        public string Unit { get; private set; } = "";

        public IProgressTask Start(string description, double total, string unit = "items")
        {
            (Total, Unit) = (total, unit);
            return this;
        }

        public void Advance(double amount = 1) => Done += amount;

        public void SetTotal(double total) => Total = total;

        public void Dispose()
        {
        }
    }

    private string[] BlobRequests() => [.. _server.Requests.Where(r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains("/blobs/", StringComparison.Ordinal))];
}
