using System.Security.Cryptography;
using System.Text;
using Tournament.Engine.Storage;

namespace Tournament.Engine.Tests.Storage;

public sealed class ContentHashTests : IDisposable
{
    // Computed independently (Python hashlib) from the definition in docs/embedded-defaults.md.
    private const string GoldenSnapshot = "5d226e56744a893929e96fd85b43bd2cc23769be84c7a4a455be2914cb37c0ed";
    private const string GoldenEmpty = "2c730c8d50a495e813cabb6b20075ee7263cbba66b120722c171667ae288afd4";

    private static readonly (string Path, byte[] Content)[] GoldenFiles =
    [
        ("config.json", Encoding.UTF8.GetBytes("""{"model_type":"llama"}""")),
        ("model.safetensors", Enumerable.Repeat(Enumerable.Range(0, 64).Select(i => (byte)i), 3).SelectMany(b => b).ToArray()),
        ("tokenizer/vocab.txt", "a\nb\n"u8.ToArray()),
        ("empty.bin", []),
        ("z.txt", "z"u8.ToArray()),
        ("\u00e9.txt", "e-acute"u8.ToArray()),
        ("\U0001F600.txt", "grin"u8.ToArray()),
        ("\uFF21.txt", "fullwidth A"u8.ToArray()),
    ];

    private readonly StorageFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void ContentHash_GoldenFileList_MatchesTheIndependentReference()
    {
        var hash = SnapshotHasher.ContentHash(GoldenFiles.Select(f => (f.Path, (long)f.Content.Length, SHA256.HashData(f.Content))));
        Assert.Equal(GoldenSnapshot, hash);
    }

    [Fact]
    public void ContentHash_NoFiles_MatchesTheIndependentReference() =>
        Assert.Equal(GoldenEmpty, SnapshotHasher.ContentHash([]));

    [Fact]
    public void PathOrder_IsUtf8ByteOrderNotUtf16Order()
    {
        // U+FF21 sorts before U+1F600 in UTF-8 bytes (EF.. < F0..) but after it in UTF-16 code units (FF21 > D83D).
        var sorted = GoldenFiles.Select(f => f.Path).Order(SnapshotHasher.PathOrder).ToList();
        Assert.True(sorted.IndexOf("\uFF21.txt") < sorted.IndexOf("\U0001F600.txt"));
        Assert.True(string.CompareOrdinal("\uFF21.txt", "\U0001F600.txt") > 0);
    }

    [Fact]
    public async Task PinAsync_GoldenFolderOnDisk_HasTheGoldenRevision()
    {
        foreach (var (path, content) in GoldenFiles)
        {
            _fixture.Write("golden/snapshot", path, content);
        }

        var pinned = await _fixture.Backend().PinAsync("golden/snapshot", null, default);
        Assert.Equal(GoldenSnapshot, pinned.AsT0.Revision);
    }

    [Theory]
    [InlineData("config.json", "renamed.json")]
    [InlineData("z.txt", "sub/z.txt")]
    public void ContentHash_RenamingOrMovingAFile_ChangesTheHash(string from, string to)
    {
        var moved = GoldenFiles.Select(f => (f.Path == from ? to : f.Path, (long)f.Content.Length, SHA256.HashData(f.Content)));
        Assert.NotEqual(GoldenSnapshot, SnapshotHasher.ContentHash(moved));
    }
}
