using Tournament.Abstractions;
using Tournament.Engine.Storage;

namespace Tournament.Engine.Tests.Storage;

public sealed class LocalStorageHostileInputTests : IDisposable
{
    private readonly StorageFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("../outside")]
    [InlineData("alice/../../etc")]
    [InlineData("/etc/passwd")]
    [InlineData("alice")]
    [InlineData("alice/tiny/extra")]
    [InlineData("..\\..\\windows")]
    public async Task PinAsync_RepoIdWithTraversal_IsABadCommitment(string repo)
    {
        var result = await _fixture.Backend().PinAsync(repo, null, default);
        Assert.Equal(ReasonCodes.BadCommitment, result.AsT1.ReasonCode);
    }

    [Fact]
    public async Task DescribeAsync_ModelRefBuiltAroundValidation_IsStillRefused()
    {
        Directory.CreateDirectory(Path.Combine(_fixture.Outside, "secret"));
        var result = await _fixture.Backend().DescribeAsync(new ModelRef("../secret", new string('a', 64)), default);
        Assert.Equal(ReasonCodes.BadCommitment, result.AsT1.ReasonCode);
    }

    [Fact]
    public async Task SymlinkToAFileOutsideTheRoot_IsRefused()
    {
        var backend = _fixture.Backend();
        var outside = Path.Combine(_fixture.Outside, "host-secret.txt");
        await File.WriteAllTextAsync(outside, "validator's private key");
        _fixture.Write("mallory/model", "config.json", "{}");
        File.CreateSymbolicLink(Path.Combine(_fixture.Folder("mallory/model"), "tokenizer.json"), outside);

        var result = await backend.PinAsync("mallory/model", null, default);
        Assert.Equal(SnapshotScanner.UnsafeCode, result.AsT1.ReasonCode);
        Assert.Contains("'tokenizer.json' is a symbolic link to a path outside the storage root", result.AsT1.Message, StringComparison.Ordinal);
        var read = await backend.ReadFileAsync(new ModelRef("mallory/model", new string('a', 64)), "tokenizer.json", 1024, default);
        Assert.Equal(SnapshotScanner.UnsafeCode, read.AsT1.ReasonCode);
    }

    [Fact]
    public async Task SymlinkWithRelativeTargetEscapingTheRoot_IsRefused()
    {
        var backend = _fixture.Backend();
        await File.WriteAllTextAsync(Path.Combine(_fixture.Outside, "escape.txt"), "x");
        _fixture.Write("mallory/model", "config.json", "{}");
        File.CreateSymbolicLink(Path.Combine(_fixture.Folder("mallory/model"), "escape.txt"), "../../../escape.txt");

        var result = await backend.PinAsync("mallory/model", null, default);
        Assert.Equal(SnapshotScanner.UnsafeCode, result.AsT1.ReasonCode);
    }

    [Fact]
    public async Task SnapshotFolderThatIsASymlinkOutsideTheRoot_IsRefused()
    {
        var backend = _fixture.Backend();
        var outside = Path.Combine(_fixture.Outside, "elsewhere");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "config.json"), "{}");
        Directory.CreateDirectory(Path.Combine(_fixture.Root, "mallory"));
        Directory.CreateSymbolicLink(_fixture.Folder("mallory/model"), outside);

        var result = await backend.PinAsync("mallory/model", null, default);
        Assert.Equal(SnapshotScanner.UnsafeCode, result.AsT1.ReasonCode);
    }

    [Fact]
    public async Task SymlinkToAFolder_IsRefused()
    {
        var backend = _fixture.Backend();
        _fixture.Write("alice/tiny", "config.json", "{}");
        _fixture.Write("bob/other", "weights/a.bin", "a");
        Directory.CreateSymbolicLink(Path.Combine(_fixture.Folder("alice/tiny"), "weights"), _fixture.Folder("bob/other/weights"));

        var result = await backend.PinAsync("alice/tiny", null, default);
        Assert.Contains("symbolic link to a folder", result.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DanglingSymlinkAndLinkLoop_AreRefused()
    {
        var backend = _fixture.Backend();
        _fixture.Write("alice/tiny", "config.json", "{}");
        var folder = _fixture.Folder("alice/tiny");
        File.CreateSymbolicLink(Path.Combine(folder, "gone.bin"), Path.Combine(folder, "does-not-exist.bin"));
        Assert.Contains("dangling", (await backend.PinAsync("alice/tiny", null, default)).AsT1.Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(folder, "gone.bin"));
        File.CreateSymbolicLink(Path.Combine(folder, "loop-a"), Path.Combine(folder, "loop-b"));
        File.CreateSymbolicLink(Path.Combine(folder, "loop-b"), Path.Combine(folder, "loop-a"));
        Assert.Equal(SnapshotScanner.UnsafeCode, (await backend.PinAsync("alice/tiny", null, default)).AsT1.ReasonCode);
    }

    [Fact]
    public async Task SymlinkToAFileInsideTheRoot_IsReadThroughAndHashedAsItsTarget()
    {
        var backend = _fixture.Backend();
        var shared = _fixture.Write("shared/blobs", "tokenizer.json", """{"version":"1.0"}""");
        _fixture.Write("alice/linked", "config.json", "{}");
        File.CreateSymbolicLink(Path.Combine(_fixture.Folder("alice/linked"), "tokenizer.json"), shared);
        _fixture.Write("alice/copied", "config.json", "{}");
        _fixture.Write("alice/copied", "tokenizer.json", """{"version":"1.0"}""");

        var linked = (await backend.PinAsync("alice/linked", null, default)).AsT0;
        var copied = (await backend.PinAsync("alice/copied", null, default)).AsT0;
        Assert.Equal(copied.Revision, linked.Revision);
        Assert.Equal("""{"version":"1.0"}"""u8.ToArray(), (await backend.ReadFileAsync(linked, "tokenizer.json", 1024, default)).AsT0);
    }

    [Theory]
    [InlineData("../config.json")]
    [InlineData("/etc/passwd")]
    [InlineData("tokenizer/../config.json")]
    [InlineData("./config.json")]
    [InlineData("tokenizer//vocab.txt")]
    [InlineData("tokenizer\\vocab.txt")]
    [InlineData("")]
    public async Task ReadFileAsync_UnsafePath_IsRefused(string path)
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);
        var result = await backend.ReadFileAsync(model, path, 1024, default);
        Assert.Equal(SnapshotScanner.UnsafeCode, result.AsT1.ReasonCode);
        var fetched = await backend.FetchAsync(model, new FetchRequest([path]), NullProgressReporter.Instance, default);
        Assert.Equal(SnapshotScanner.UnsafeCode, fetched.AsT1.ReasonCode);
    }

    [Fact]
    public async Task OversizedPathAndKey_AreRefused()
    {
        var backend = _fixture.Backend();
        var model = await _fixture.PinnedModelAsync(backend);
        var longPath = string.Join('/', Enumerable.Repeat("segment", 150));
        Assert.Equal(SnapshotScanner.UnsafeCode, (await backend.ReadFileAsync(model, longPath, 1024, default)).AsT1.ReasonCode);
        await Assert.ThrowsAsync<ArgumentException>(() => backend.PublishAsync(new Artifact(new string('k', 513), "text/plain", new byte[] { 1 }), default));
        await Assert.ThrowsAsync<ArgumentException>(() => backend.PublishAsync(new Artifact(new string('k', 201), "text/plain", new byte[] { 1 }), default));
        var longest = $"{new string('a', 200)}/{new string('b', 200)}/{new string('c', 110)}";
        Assert.Equal(512, longest.Length);
        Assert.True((await backend.PublishAsync(new Artifact(longest, "text/plain", new byte[] { 1 }), default)).IsOk);
    }

    [Fact]
    public async Task ReadFileAsync_FileOverMaxFileBytes_IsOversized()
    {
        var backend = _fixture.Backend(maxFileBytes: 1000);
        _fixture.Write("alice/big", "config.json", new byte[1001]);
        _fixture.Write("alice/big", "small.json", new byte[1000]);
        var model = (await backend.PinAsync("alice/big", null, default)).AsT0;

        var result = await backend.ReadFileAsync(model, "config.json", long.MaxValue, default);
        Assert.Equal(LocalStorage.OversizedCode, result.AsT1.ReasonCode);
        Assert.Contains("1001 bytes", result.AsT1.Message, StringComparison.Ordinal);
        Assert.Equal(1000, (await backend.ReadFileAsync(model, "small.json", long.MaxValue, default)).AsT0.Length);
        Assert.Equal(LocalStorage.OversizedCode, (await backend.ReadFileAsync(model, "small.json", 999, default)).AsT1.ReasonCode);
    }

    [Theory]
    [InlineData("huge-length")]
    [InlineData("truncated")]
    [InlineData("not-json")]
    [InlineData("bad-offsets")]
    [InlineData("trailing-garbage")]
    [InlineData("too-short")]
    public async Task ReadSafetensorsHeaderAsync_MalformedHeader_IsHeaderIntegrity(string kind)
    {
        var backend = _fixture.Backend();
        var valid = StorageFixture.Safetensors("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8);
        byte[] bytes = kind switch
        {
            "huge-length" => [.. BitConverter.GetBytes(ulong.MaxValue), .. valid[8..]],
            "truncated" => valid[..20],
            "not-json" => StorageFixture.Safetensors("{not json at all!}", 0),
            "bad-offsets" => StorageFixture.Safetensors("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}""", 12),
            "trailing-garbage" => [.. valid, 1, 2, 3],
            _ => [1, 2, 3],
        };
        _fixture.Write("mallory/st", "model.safetensors", bytes);
        var model = (await backend.PinAsync("mallory/st", null, default)).AsT0;

        var result = await backend.ReadSafetensorsHeaderAsync(model, "model.safetensors", default);
        Assert.Equal(LocalStorage.HeaderIntegrityCode, result.AsT1.ReasonCode);
        Assert.StartsWith("mallory/st/model.safetensors", result.AsT1.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("rounds/../../escape.json")]
    [InlineData("/tmp/escape.json")]
    [InlineData("rounds//x.json")]
    [InlineData("rounds\\x.json")]
    [InlineData("rounds/x y.json")]
    [InlineData("rounds/")]
    [InlineData("./x.json")]
    [InlineData("")]
    public async Task PublishAsync_HostileKey_IsRefusedAndWritesNothing(string key)
    {
        var backend = _fixture.Backend();
        await Assert.ThrowsAsync<ArgumentException>(() => backend.PublishAsync(new Artifact(key, "application/json", new byte[] { 1 }), default));
        Assert.False(Directory.Exists(backend.ArtifactsRoot) && Directory.EnumerateFileSystemEntries(backend.ArtifactsRoot, "*", SearchOption.AllDirectories).Any());
        Assert.False(File.Exists(Path.Combine(_fixture.Outside, "escape.json")));
    }
}
