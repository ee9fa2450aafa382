using System.Buffers.Binary;
using System.Text;
using Tournament.Abstractions;
using Tournament.Engine.Storage;
using Tournament.Engine.Tests.State;

namespace Tournament.Engine.Tests.Storage;

/// <summary>A storage root with snapshot folders written by the tests, and a backend over it.</summary>
public sealed class StorageFixture : IDisposable
{
    private readonly TestFolder _folder = new();

    public StorageFixture()
    {
        Root = _folder.File("models");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Outside => _folder.Path;

    internal LocalStorage Backend(long maxFileBytes = 64L * 1024 * 1024, string? artifacts = null) =>
        new(new LocalStorageOptions { Root = "models", MaxFileBytes = maxFileBytes, ArtifactsPath = artifacts }, _folder.Environment, TestFolder.Log<LocalStorage>());

    public string Folder(string repo) => Path.Combine(Root, repo);

    public string Write(string repo, string relative, byte[] content)
    {
        var path = Path.Combine(Folder(repo), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string repo, string relative, string content) => Write(repo, relative, Encoding.UTF8.GetBytes(content));

    public static byte[] Safetensors(string headerJson, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        for (var i = 8 + header.Length; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    /// <summary>Writes a small model and pins it.</summary>
    internal async Task<ModelRef> PinnedModelAsync(LocalStorage backend, string repo = "alice/tiny")
    {
        Write(repo, "config.json", """{"model_type":"llama"}""");
        Write(repo, "model.safetensors", Safetensors("""{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""", 16));
        Write(repo, "tokenizer/vocab.txt", "a\nb\n");
        var pinned = await backend.PinAsync(repo, null, default);
        return pinned.AsT0;
    }

    public void Dispose() => _folder.Dispose();
}
