using System.Text;
using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius;
using Tournament.Storage.Hippius.Tests.Fixtures;

namespace Tournament.Storage.Hippius.Tests.S3;

[Collection(S3rverGroup.Name)]
public sealed class S3ArtifactTests(S3rverFixture s3) : IAsyncLifetime, IDisposable
{
    private const string WrongSecret = "wrong-secret-7d2e8b41";
    private static readonly Dictionary<string, string> Keys = new() { ["HIPPIUS_ACCESS_KEY_ID"] = S3rverFixture.AccessKey, ["HIPPIUS_SECRET_ACCESS_KEY"] = S3rverFixture.SecretKey };
    private readonly TempFolder _temp = new();
    private S3Proxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await S3Proxy.StartAsync(s3.Endpoint);

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PublishAsync_SmallArtifact_RoundTripsWithContentType()
    {
        using var storage = Create(s3.Endpoint);
        var key = Key("standings.json");
        var content = Encoding.UTF8.GetBytes("{\"king\":\"miner/model\"}");

        var location = Backends.Value(await storage.PublishAsync(new Artifact(key, "application/json", content), default));
        var (bytes, type) = Backends.Value(await storage.ReadArtifactAsync(key, 1 << 20, default));

        Assert.Equal(content, bytes);
        Assert.Equal("application/json", type);
        Assert.Equal($"{s3.Endpoint.AbsoluteUri}{S3rverFixture.Bucket}/runs/{key}", location.Uri);
    }

    [Fact]
    public async Task PublishAsync_PublicRead_SendsCannedAclAndObjectIsAnonymouslyReadable()
    {
        using var storage = Create(_proxy.Endpoint, publicRead: true);
        var key = Key("trace.jsonl");

        Backends.Value(await storage.PublishAsync(new Artifact(key, "application/x-ndjson", Encoding.UTF8.GetBytes("{}\n")), default));

        Assert.Contains(_proxy.Requests, r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("acl=public-read", StringComparison.Ordinal) && r.Contains("type=application/x-ndjson", StringComparison.Ordinal));
        using var anonymous = Create(s3.Endpoint, environment: []);
        Assert.Equal("{}\n"u8.ToArray(), Backends.Value(await anonymous.ReadArtifactAsync(key, 1024, default)).Content);
    }

    [Fact]
    public async Task PublishAsync_AboveThreshold_UploadsInParts()
    {
        using var storage = Create(_proxy.Endpoint);
        var key = Key("round-report.bin");
        var content = Backends.RandomBytes(12 * 1024 * 1024, 40);

        Backends.Value(await storage.PublishAsync(new Artifact(key, "application/octet-stream", content), default));

        Assert.Equal(3, _proxy.Requests.Count(r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("partNumber=", StringComparison.Ordinal)));
        Assert.Single(_proxy.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("?uploads", StringComparison.Ordinal));
        var (bytes, type) = Backends.Value(await storage.ReadArtifactAsync(key, 64 << 20, default));
        Assert.Equal(content, bytes);
        Assert.Equal("application/octet-stream", type);
    }

    [Fact]
    public async Task PublishAsync_BelowThreshold_UsesOnePut()
    {
        using var storage = Create(_proxy.Endpoint);

        Backends.Value(await storage.PublishAsync(new Artifact(Key("small.bin"), "application/octet-stream", Backends.RandomBytes(1024, 41)), default));

        Assert.Single(_proxy.Requests);
        Assert.DoesNotContain(_proxy.Requests, r => r.Contains("uploads", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(503, "SlowDown")]
    [InlineData(500, "InternalError")]
    public async Task PublishAsync_ThrottledThenAvailable_RetriesAndSucceeds(int status, string code)
    {
        _proxy.FailNext.Enqueue((status, code));
        _proxy.FailNext.Enqueue((status, code));
        using var storage = Create(_proxy.Endpoint);
        var key = Key("retry.json");

        Backends.Value(await storage.PublishAsync(new Artifact(key, "application/json", "[]"u8.ToArray()), default));

        Assert.Equal(3, _proxy.Requests.Count(r => r.StartsWith("PUT ", StringComparison.Ordinal)));
        Assert.Equal("[]"u8.ToArray(), Backends.Value(await storage.ReadArtifactAsync(key, 1024, default)).Content);
    }

    [Fact]
    public async Task PublishAsync_ThrottlingPersists_IsDeferred()
    {
        for (var i = 0; i < 10; i++)
        {
            _proxy.FailNext.Enqueue((503, "SlowDown"));
        }

        using var storage = Create(_proxy.Endpoint);

        var result = Backends.Deferred(await storage.PublishAsync(new Artifact(Key("x.json"), "application/json", "[]"u8.ToArray()), default));

        Assert.Contains("SlowDown", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_UnknownKeys_IsDeferredAndSecretNeverLogged()
    {
        var logger = new CapturingLogger<HippiusStorage>();
        using var storage = Create(s3.Endpoint, environment: new() { ["AWS_ACCESS_KEY_ID"] = "UNKNOWNKEY", ["AWS_SECRET_ACCESS_KEY"] = WrongSecret }, logger: logger);

        var result = Backends.Deferred(await storage.PublishAsync(new Artifact(Key("x.json"), "application/json", "[]"u8.ToArray()), default));

        Assert.Contains("403", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongSecret, result.Reason, StringComparison.Ordinal);
        Assert.NotEmpty(logger.Lines);
        Assert.DoesNotContain(WrongSecret, logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_NoCredentials_IsDeferredNamingTheVariables()
    {
        using var storage = Create(s3.Endpoint, environment: []);

        var result = Backends.Deferred(await storage.PublishAsync(new Artifact(Key("x.json"), "application/json", "[]"u8.ToArray()), default));

        Assert.Contains("HIPPIUS_ACCESS_KEY_ID", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("/abs.json")]
    [InlineData("a//b.json")]
    [InlineData("spaces are bad.json")]
    public async Task PublishAsync_HostileKey_IsRejected(string key)
    {
        using var storage = Create(s3.Endpoint);

        await Assert.ThrowsAsync<ArgumentException>(() => storage.PublishAsync(new Artifact(key, "text/plain", "x"u8.ToArray()), default));
    }

    [Fact]
    public async Task ReadArtifactAsync_Missing_IsRemoved()
    {
        using var storage = Create(s3.Endpoint);

        var result = Backends.Disqualified(await storage.ReadArtifactAsync(Key("never-written.json"), 1024, default));

        Assert.Equal(ReasonCodes.Removed, result.ReasonCode);
    }

    [Fact]
    public async Task ReadArtifactAsync_ServerErrorPersists_IsDeferred()
    {
        for (var i = 0; i < 10; i++)
        {
            _proxy.FailNext.Enqueue((500, "InternalError"));
        }

        using var storage = Create(_proxy.Endpoint);

        Backends.Deferred(await storage.ReadArtifactAsync(Key("x.json"), 1024, default));
    }

    [Fact]
    public async Task PublishAsync_NoBucket_IsDeferred()
    {
        using var storage = Backends.Create(Backends.Registry(new Uri("http://127.0.0.1:9/")), _temp.Path, Keys);

        Assert.Contains("Bucket", Backends.Deferred(await storage.PublishAsync(new Artifact("a.json", "application/json", "[]"u8.ToArray()), default)).Reason, StringComparison.Ordinal);
    }

    private static string Key(string name) => $"round-{Guid.NewGuid():N}/{name}";

    private HippiusStorage Create(Uri endpoint, bool publicRead = false, Dictionary<string, string>? environment = null, CapturingLogger<HippiusStorage>? logger = null) =>
        Backends.Create(
            new HippiusOptions
            {
                ServiceUrl = endpoint,
                Bucket = S3rverFixture.Bucket,
                KeyPrefix = "runs/",
                PublicRead = publicRead,
                MultipartThresholdBytes = 5 * 1024 * 1024,
                PartSizeBytes = 5 * 1024 * 1024,
                MaxAttempts = 3,
                RequestTimeoutSeconds = 30,
            },
            _temp.Path,
            environment ?? Keys,
            logger);
}
