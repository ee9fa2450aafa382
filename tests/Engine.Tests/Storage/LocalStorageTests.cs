using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;
using Tournament.Engine.Storage;

namespace Tournament.Engine.Tests.Storage;

public sealed class LocalStorageTests : IDisposable
{
    private readonly StorageFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void CanResolve_OnlyContentHashes()
    {
        var backend = _fixture.Backend();
        Assert.True(backend.CanResolve(new ModelRef("a/b", new string('1', 64))));
        Assert.False(backend.CanResolve(new ModelRef("a/b", new string('1', 40))));
        Assert.False(backend.CanResolve(new ModelRef("a/b", "sha256:" + new string('1', 64))));
    }

    [Fact]
    public async Task DescribeAsync_PinnedFolder_ListsEveryFileWithSizeAndSha256()
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);

        var description = (await backend.DescribeAsync(model, default)).AsT0;

        Assert.Equal(model, description.Model);
        Assert.True(description.IsPublic);
        Assert.Equal(new[] { "config.json", "model.safetensors", "tokenizer/vocab.txt" }, description.Files.Select(f => f.Path));
        foreach (var file in description.Files)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_fixture.Folder("alice/tiny"), file.Path));
            Assert.Equal(bytes.Length, file.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        }
    }

    [Fact]
    public async Task DescribeAsync_MissingFolder_IsRemoved()
    {
        var result = await _fixture.Backend().DescribeAsync(new ModelRef("nobody/nothing", new string('a', 64)), default);
        Assert.Equal(ReasonCodes.Removed, result.AsT1.ReasonCode);
        Assert.Contains("does not exist", result.AsT1.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("add")]
    [InlineData("delete")]
    public async Task DescribeAsync_FolderChangedAfterPinning_IsRemovedAsRevisionMoved(string change)
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);
        var folder = _fixture.Folder("alice/tiny");
        switch (change)
        {
            case "edit": await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), """{"model_type":"qwen3"}"""); break;
            case "add": await File.WriteAllTextAsync(Path.Combine(folder, "extra.txt"), "x"); break;
            default: File.Delete(Path.Combine(folder, "tokenizer/vocab.txt")); break;
        }

        var result = await backend.DescribeAsync(model, default);
        Assert.Equal(ReasonCodes.Removed, result.AsT1.ReasonCode);
        Assert.Contains("the folder changed after the commitment; revision moved", result.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameSizeEditWithRestoredModificationTime_IsCaughtByFetch()
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);
        var path = Path.Combine(_fixture.Folder("alice/tiny"), "config.json");
        var stamp = File.GetLastWriteTimeUtc(path);
        var original = await File.ReadAllBytesAsync(path);
        var forged = (byte[])original.Clone();
        forged[^3] ^= 0x20;
        await File.WriteAllBytesAsync(path, forged);
        File.SetLastWriteTimeUtc(path, stamp);

        var fetched = await backend.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default);
        Assert.Equal(ReasonCodes.Removed, fetched.AsT1.ReasonCode);
        var read = await backend.ReadFileAsync(model, "config.json", 1024, default);
        Assert.Equal(ReasonCodes.Removed, read.AsT1.ReasonCode);
    }

    [Fact]
    public async Task ReadFileAsync_SmallFile_ReturnsItsBytes()
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);

        var bytes = (await backend.ReadFileAsync(model, "config.json", 1024, default)).AsT0;
        Assert.Equal("""{"model_type":"llama"}""", Encoding.UTF8.GetString(bytes));
        Assert.Equal("a\nb\n", Encoding.UTF8.GetString((await backend.ReadFileAsync(model, "tokenizer/vocab.txt", 1024, default)).AsT0));
    }

    [Fact]
    public async Task ReadFileAsync_MissingFile_IsDisqualified()
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);
        var result = await backend.ReadFileAsync(model, "tokenizer.json", 1024, default);
        Assert.Equal(LocalStorage.MissingFileCode, result.AsT1.ReasonCode);
    }

    [Fact]
    public async Task ReadSafetensorsHeaderAsync_ValidFile_ReturnsTheHeader()
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);

        var header = (await backend.ReadSafetensorsHeaderAsync(model, "model.safetensors", default)).AsT0;
        var tensor = Assert.Single(header.Tensors);
        Assert.Equal("w", tensor.Name);
        Assert.Equal(new long[] { 2, 2 }, tensor.Shape);
        Assert.Equal(4, header.ParameterCount);
    }

    [Fact]
    public async Task FetchAsync_All_ReturnsTheVerifiedFolder()
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);

        var snapshot = (await backend.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default)).AsT0;
        Assert.Equal(Path.GetFullPath(_fixture.Folder("alice/tiny")), snapshot.Directory);
        Assert.Equal(3, snapshot.Files.Count);
        Assert.True(File.Exists(snapshot.PathOf("tokenizer/vocab.txt")));
        Assert.All(snapshot.Files, f => Assert.NotNull(f.Sha256));
    }

    [Fact]
    public async Task FetchAsync_RequestedFiles_ReturnsOnlyThoseAndReportsProgress()
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);
        var progress = new CountingProgress();

        var snapshot = (await backend.FetchAsync(model, new FetchRequest(["model.safetensors", "config.json"]), progress, default)).AsT0;
        Assert.Equal(new[] { "model.safetensors", "config.json" }, snapshot.Files.Select(f => f.Path));
        var total = Directory.EnumerateFiles(_fixture.Folder("alice/tiny"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.Equal(total, progress.Done);
        Assert.Equal(total, progress.Total);
    }

    [Fact]
    public async Task FetchAsync_RequestedFileMissing_IsDisqualified()
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);
        var result = await backend.FetchAsync(model, new FetchRequest(["config.json", "model-00002-of-00002.safetensors"]), NullProgressReporter.Instance, default);
        Assert.Equal(LocalStorage.MissingFileCode, result.AsT1.ReasonCode);
        Assert.Contains("model-00002-of-00002.safetensors", result.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinAsync_FollowsTheFolderAsItIsNow()
    {
        var backend = _fixture.Backend();
        var first = await _fixture.PinnedModelAsync(backend);
        _fixture.Write("alice/tiny", "README.md", "v2");
        var second = (await backend.PinAsync("alice/tiny", null, default)).AsT0;

        Assert.NotEqual(first.Revision, second.Revision);
        Assert.True(LocalStorage.Revisions.Matches(second.Revision));
        Assert.True((await backend.DescribeAsync(second, default)).IsOk);
        Assert.False((await backend.DescribeAsync(first, default)).IsOk);
    }

    [Fact]
    public async Task PinAsync_WithABranch_IsRefused()
    {
        var backend = _fixture.Backend();
        await _fixture.PinnedModelAsync(backend);
        var result = await backend.PinAsync("alice/tiny", "main", default);
        Assert.Equal(ReasonCodes.BadCommitment, result.AsT1.ReasonCode);
    }

    [Fact]
    public async Task StorageRootMissing_IsDeferredNotTheMinersFault()
    {
        var backend = _fixture.Backend();
        Directory.Delete(_fixture.Root);
        var result = await backend.DescribeAsync(new ModelRef("alice/tiny", new string('a', 64)), default);
        Assert.Contains("Components:local:Root", result.AsT2.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_WritesUnderTheArtifactsFolder()
    {
        var backend = _fixture.Backend();
        var content = "{\"round\":12}"u8.ToArray();

        var location = (await backend.PublishAsync(new Artifact("rounds/12/report.json", "application/json", content), default)).AsT0;
        Assert.Equal(Path.Combine(backend.ArtifactsRoot, "rounds", "12", "report.json"), location.Uri);
        Assert.Equal(content, await File.ReadAllBytesAsync(location.Uri));

        var replaced = "{\"round\":13}"u8.ToArray();
        await backend.PublishAsync(new Artifact("rounds/12/report.json", "application/json", replaced), default);
        Assert.Equal(replaced, await File.ReadAllBytesAsync(location.Uri));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(location.Uri)!));
    }

    private sealed class CountingProgress : IProgressReporter, IProgressTask
    {
        public double Total { get; private set; }

        public double Done { get; private set; }

        public IProgressTask Start(string description, double total, string unit = "items")
        {
            Total += total;
            return this;
        }

        public void Advance(double amount = 1) => Done += amount;

        public void SetTotal(double total) => Total = total;

        public void Dispose()
        {
        }
    }
}
