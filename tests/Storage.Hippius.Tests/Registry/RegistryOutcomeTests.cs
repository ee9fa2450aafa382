using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius;
using Tournament.Storage.Hippius.Tests.Fixtures;

namespace Tournament.Storage.Hippius.Tests.Registry;

public sealed class RegistryOutcomeTests : IAsyncLifetime, IDisposable
{
    private const string Repo = "miner/model";
    private const string Token = "registry-token-5f1c9a";
    private readonly TempFolder _temp = new();
    private RegistryServer _server = null!;

    public async Task InitializeAsync() => _server = await RegistryServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DescribeAsync_ValidManifest_ListsFilesWithDigests()
    {
        var bytes = Backends.RandomBytes(64, 20);
        var model = _server.Push(Repo, [("model.safetensors", bytes), ("config.json", [1])]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var description = Backends.Value(await storage.DescribeAsync(model, default));

        Assert.Equal(model, description.Model);
        Assert.Equal(RegistryServer.Digest(bytes)[7..], description.Files[0].Sha256);
        Assert.Equal(["model.safetensors", "config.json"], description.Files.Select(f => f.Path));
        Assert.Equal(model.Revision, description.Details["manifest"]);
        Assert.Equal(0, _server.Count("/blobs/"));
    }

    [Fact]
    public async Task DescribeAsync_ManifestDigestDiffersFromReference_IsDisqualified()
    {
        var honest = _server.Push(Repo, [("a.bin", [1, 2, 3])]);
        var swapped = RegistryServer.ManifestBytes(new[] { new Dictionary<string, object> { ["mediaType"] = "x", ["digest"] = RegistryServer.Digest([9]), ["size"] = 1, ["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.title"] = "a.bin" } } });
        _server.PutManifest(Repo, swapped, digestOverride: honest.Revision);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.DescribeAsync(honest, default));

        Assert.Equal(HippiusReasonCodes.ManifestDigest, result.ReasonCode);
    }

    [Fact]
    public async Task DescribeAsync_UnknownDigest_IsRemoved()
    {
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.DescribeAsync(new ModelRef(Repo, "sha256:" + new string('a', 64)), default));

        Assert.Equal(ReasonCodes.Removed, result.ReasonCode);
    }

    [Fact]
    public async Task DescribeAsync_TokenRequiredAndMissing_IsRemoved()
    {
        var model = _server.Push(Repo, [("a.bin", [1])]);
        _server.RequiredToken = Token;
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.DescribeAsync(model, default));

        Assert.Equal(ReasonCodes.Removed, result.ReasonCode);
        Assert.Contains("401", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_TokenFromEnvironment_IsSentAndNeverLogged()
    {
        var model = _server.Push(Repo, [("a.bin", [1, 2])]);
        _server.RequiredToken = Token;
        _server.FailNext.Enqueue(503);
        var logger = new CapturingLogger<HippiusStorage>();
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path, new() { ["HIPPIUS_REGISTRY_TOKEN"] = Token }, logger);

        var snapshot = Backends.Value(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Single(snapshot.Files);
        Assert.Contains("Bearer " + Token, _server.AuthorizationHeaders);
        Assert.NotEmpty(logger.Lines);
        Assert.DoesNotContain(Token, logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, string.Join('\n', Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories).Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    [InlineData(500)]
    public async Task DescribeAsync_TransientStatusThenSuccess_Retries(int status)
    {
        var model = _server.Push(Repo, [("a.bin", [1])]);
        _server.FailNext.Enqueue(status);
        _server.FailNext.Enqueue(status);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        Backends.Value(await storage.DescribeAsync(model, default));

        Assert.Equal(3, _server.Count("/manifests/"));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    [InlineData(502)]
    public async Task DescribeAsync_TransientStatusPersists_IsDeferred(int status)
    {
        var model = _server.Push(Repo, [("a.bin", [1])]);
        for (var i = 0; i < 5; i++)
        {
            _server.FailNext.Enqueue(status);
        }

        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Deferred(await storage.DescribeAsync(model, default));

        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
        Assert.Equal(3, _server.Count("/manifests/"));
    }

    [Fact]
    public async Task DescribeAsync_RegistryNeverAnswers_IsDeferredAfterTimeout()
    {
        var model = _server.Push(Repo, [("a.bin", [1])]);
        _server.HangManifests = true;
        var options = Backends.Registry(_server.Endpoint);
        options.RequestTimeoutSeconds = 1;
        options.MaxAttempts = 1;
        using var storage = Backends.Create(options, _temp.Path);

        var result = Backends.Deferred(await storage.DescribeAsync(model, default));

        Assert.Contains("timed out", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeAsync_ManifestOverLimit_IsDisqualified()
    {
        await AssertOversizedManifestAsync(chunked: false);
    }

    [Fact]
    public async Task DescribeAsync_ChunkedManifestOverLimit_StopsReadingAndIsDisqualified()
    {
        await AssertOversizedManifestAsync(chunked: true);
    }

    [Fact]
    public async Task DescribeAsync_ValidManifest_MatchesSnapshot()
    {
        var model = _server.Push(Repo, [("config.json", Backends.RandomBytes(32, 50)), ("model.safetensors", Safetensors.Build(16, seed: 51))]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var description = Backends.Value(await storage.DescribeAsync(model, default));

        Snapshooter.Xunit.Snapshot.Match(new { Model = description.Model.ToString(), description.Files, description.IsPublic, Manifest = description.Details["manifest"] });
    }

    private async Task AssertOversizedManifestAsync(bool chunked)
    {
        _server.ChunkedManifests = chunked;
        var files = Enumerable.Range(0, 40).Select(i => ($"file-{i:D3}.bin", new byte[] { (byte)i })).ToList();
        var model = _server.Push(Repo, files);
        var options = Backends.Registry(_server.Endpoint);
        options.MaxManifestBytes = 1024;
        using var storage = Backends.Create(options, _temp.Path);

        var result = Backends.Disqualified(await storage.DescribeAsync(model, default));

        Assert.Equal(HippiusReasonCodes.ManifestInvalid, result.ReasonCode);
        Assert.Contains("1024", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("C:/windows")]
    [InlineData("a\\..\\b")]
    public async Task FetchAsync_PathEscapingCache_IsDisqualifiedBeforeAnyDownload(string path)
    {
        var model = _server.Push(Repo, [(path, [1, 2, 3])]);
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, default));

        Assert.Equal(HippiusReasonCodes.ManifestInvalid, result.ReasonCode);
        Assert.Equal(0, _server.Count("/blobs/"));
        Assert.False(File.Exists(Path.Combine(_temp.Path, "outside.bin")));
    }

    [Fact]
    public async Task CanResolve_RegistryNotConfigured_IsFalseAndCallsDefer()
    {
        using var storage = Backends.Create(new HippiusOptions { Bucket = "artifacts" }, _temp.Path);
        var model = new ModelRef(Repo, "sha256:" + new string('b', 64));

        Assert.False(storage.CanResolve(model));
        Assert.Contains("RegistryEndpoint", Backends.Deferred(await storage.DescribeAsync(model, default)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeAsync_GitRevision_IsUnsupportedStorage()
    {
        using var storage = Backends.Create(Backends.Registry(_server.Endpoint), _temp.Path);

        var result = Backends.Disqualified(await storage.DescribeAsync(new ModelRef(Repo, new string('c', 40)), default));

        Assert.Equal(ReasonCodes.UnsupportedStorage, result.ReasonCode);
        Assert.Empty(_server.Requests);
    }
}
