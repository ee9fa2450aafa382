using System.Buffers.Binary;
using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius;
using Tournament.Storage.Hippius.Tests.Fixtures;

namespace Tournament.Storage.Hippius.Tests.Registry;

public sealed class SafetensorsHeaderTests : IAsyncLifetime, IDisposable
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
    public async Task ReadSafetensorsHeaderAsync_RangeSupported_ReadsOnlyTheHeaderBytes()
    {
        var file = Safetensors.Build(100_000, seed: 30);
        var model = _server.Push(Repo, [("model.safetensors", file)]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var header = Backends.Value(await storage.ReadSafetensorsHeaderAsync(model, "model.safetensors", default));

        var n = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(100_000, header.ParameterCount);
        Assert.Equal(file.LongLength, header.FileLength);
        Assert.Equal(["bytes=0-7", $"bytes=8-{8 + n - 1}"], _server.Requests.Where(r => r.Contains("/blobs/", StringComparison.Ordinal)).Select(r => r.Split(' ')[^1]));
    }

    [Fact]
    public async Task ReadSafetensorsHeaderAsync_RangeUnsupported_FallsBackToStreamedPrefix()
    {
        var file = Safetensors.Build(1000, seed: 31);
        var model = _server.Push(Repo, [("model.safetensors", file)]);
        _server.RangeSupported = false;
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var header = Backends.Value(await storage.ReadSafetensorsHeaderAsync(model, "model.safetensors", default));

        Assert.Equal("w", header.Tensors.Single().Name);
        Assert.Equal(1, _server.Count("/blobs/"));
    }

    [Fact]
    public async Task ReadSafetensorsHeaderAsync_AfterFetch_ReadsFromCache()
    {
        var model = _server.Push(Repo, [("model.safetensors", Safetensors.Build(64, seed: 32))]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);
        Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Backends.Value(await storage.ReadSafetensorsHeaderAsync(model, "model.safetensors", default));

        Assert.Equal(1, _server.Count("/blobs/"));
    }

    [Fact]
    public async Task ReadSafetensorsHeaderAsync_HeaderLengthBeyondFile_IsHeaderIntegrity()
    {
        var file = Safetensors.Build(16, seed: 33);
        BinaryPrimitives.WriteUInt64LittleEndian(file, 1_000_000);
        var model = _server.Push(Repo, [("model.safetensors", file)]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.ReadSafetensorsHeaderAsync(model, "model.safetensors", default));

        Assert.Equal(HippiusReasonCodes.HeaderIntegrity, result.ReasonCode);
        Assert.Equal(1, _server.Count("/blobs/"));
    }

    [Fact]
    public async Task ReadSafetensorsHeaderAsync_FileShorterThanPrefix_IsHeaderIntegrityWithoutRequest()
    {
        var model = _server.Push(Repo, [("model.safetensors", [1, 2, 3])]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.ReadSafetensorsHeaderAsync(model, "model.safetensors", default));

        Assert.Equal(HippiusReasonCodes.HeaderIntegrity, result.ReasonCode);
        Assert.Equal(0, _server.Count("/blobs/"));
    }
}
