using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Storage.Hippius.Tests.Fixtures;

/// <summary>A real OCI distribution server (manifests, blobs, Range, HEAD) on 127.0.0.1 with switchable faults.</summary>
internal sealed class RegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _manifests = new();
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new();

    private RegistryServer(WebApplication app)
    {
        _app = app;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Status codes answered (one per request) before normal service.</summary>
    public ConcurrentQueue<int> FailNext { get; } = new();

    /// <summary>How many more blob GETs are cut off half-way (connection aborted).</summary>
    public int DropBlobRequests { get; set; }

    public bool RangeSupported { get; set; } = true;

    /// <summary>Open-ended ranges (<c>bytes=N-</c>, a resume) are answered with the whole blob (200).</summary>
    public bool IgnoreOpenRanges { get; set; }

    /// <summary>Open-ended ranges are answered from one byte earlier than asked (a Content-Range that does not match).</summary>
    public bool ShiftOpenRanges { get; set; }

    /// <summary>How many open-ended range answers carry one flipped byte (a server that stitches resumes wrongly).</summary>
    public int CorruptOpenRanges { get; set; }

    /// <summary>A static token the registry requires (401 without any challenge otherwise).</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Token protocol: when set, requests need <c>Bearer {IssuedToken}</c>; others get a Bearer challenge naming this realm.</summary>
    public Uri? TokenRealm { get; set; }

    public string IssuedToken { get; set; } = "";

    /// <summary>When set, requests need this exact Basic header value; others get <c>WWW-Authenticate: Basic</c>.</summary>
    public string? RequiredBasic { get; set; }

    /// <summary>Overrides the whole WWW-Authenticate value of the token-protocol challenge (hostile challenges).</summary>
    public string? ChallengeOverride { get; set; }

    /// <summary>When set, a manifest response never ends: headers only, then silence (for timeouts).</summary>
    public bool HangManifests { get; set; }

    /// <summary>When set, manifests are sent without Content-Length (chunked), so size limits apply while reading.</summary>
    public bool ChunkedManifests { get; set; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public static async Task<RegistryServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new RegistryServer(app);
        app.Urls.Add("http://127.0.0.1:0");
        app.MapMethods("/v2/{owner}/{name}/manifests/{reference}", ["GET", "HEAD"], server.ManifestAsync);
        app.MapMethods("/v2/{owner}/{name}/blobs/{digest}", ["GET", "HEAD"], server.BlobAsync);
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First() + "/");
        return server;
    }

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void PutBlob(string repo, string digest, byte[] bytes) => _blobs[$"{repo}|{digest}"] = bytes;

    public void RemoveBlob(string repo, string digest) => _blobs.TryRemove($"{repo}|{digest}", out _);

    /// <summary>Stores raw manifest bytes under their digest (or under <paramref name="digestOverride"/>).</summary>
    public ModelRef PutManifest(string repo, byte[] manifest, string? digestOverride = null)
    {
        var digest = digestOverride ?? Digest(manifest);
        _manifests[$"{repo}|{digest}"] = manifest;
        return new ModelRef(repo, digest);
    }

    /// <summary>Pushes files as blobs with a manifest naming them; <paramref name="tweak"/> may lie in the layer list.</summary>
    public ModelRef Push(string repo, IReadOnlyList<(string Path, byte[] Bytes)> files, Action<List<Dictionary<string, object>>>? tweak = null)
    {
        var layers = new List<Dictionary<string, object>>();
        foreach (var (path, bytes) in files)
        {
            var digest = Digest(bytes);
            PutBlob(repo, digest, bytes);
            layers.Add(new Dictionary<string, object>
            {
                ["mediaType"] = "application/octet-stream",
                ["digest"] = digest,
                ["size"] = bytes.LongLength,
                ["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.title"] = path },
            });
        }

        tweak?.Invoke(layers);
        return PutManifest(repo, ManifestBytes(layers));
    }

    public static byte[] ManifestBytes(object layers) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
        ["config"] = new Dictionary<string, object> { ["mediaType"] = "application/vnd.oci.empty.v1+json", ["digest"] = Digest(Encoding.UTF8.GetBytes("{}")), ["size"] = 2 },
        ["layers"] = layers,
    });

    public int Count(string fragment) => Requests.Count(r => r.Contains(fragment, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private bool Gate(HttpContext context)
    {
        var range = context.Request.Headers.Range.ToString();
        Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{(range.Length > 0 ? " " + range : "")}");
        AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
        if (FailNext.TryDequeue(out var status))
        {
            context.Response.StatusCode = status;
            return false;
        }

        if (RequiredToken is not null && context.Request.Headers.Authorization.ToString() != "Bearer " + RequiredToken)
        {
            context.Response.StatusCode = 401;
            return false;
        }

        if (RequiredBasic is not null && context.Request.Headers.Authorization.ToString() != RequiredBasic)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"registry\"";
            return false;
        }

        if (TokenRealm is not null && context.Request.Headers.Authorization.ToString() != "Bearer " + IssuedToken)
        {
            var repo = string.Join('/', context.Request.Path.Value!.Split('/')[2..4]);
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = ChallengeOverride ?? $"Bearer realm=\"{TokenRealm}\",service=\"test-registry\",scope=\"repository:{repo}:pull\"";
            return false;
        }

        return true;
    }

    private async Task ManifestAsync(HttpContext context, string owner, string name, string reference)
    {
        if (!Gate(context))
        {
            return;
        }

        if (!_manifests.TryGetValue($"{owner}/{name}|{reference}", out var bytes))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/vnd.oci.image.manifest.v1+json";
        context.Response.Headers["Docker-Content-Digest"] = Digest(bytes);
        if (HangManifests)
        {
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (!ChunkedManifests)
        {
            context.Response.ContentLength = bytes.Length;
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(bytes);
        }
    }

    private async Task BlobAsync(HttpContext context, string owner, string name, string digest)
    {
        if (!Gate(context))
        {
            return;
        }

        if (!_blobs.TryGetValue($"{owner}/{name}|{digest}", out var bytes))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.AcceptRanges = RangeSupported ? "bytes" : "none";
        var (from, to) = (0L, bytes.LongLength - 1);
        var range = context.Request.Headers.Range.ToString();
        var open = range.EndsWith('-');
        if (RangeSupported && range.StartsWith("bytes=", StringComparison.Ordinal) && bytes.Length > 0 && !(open && IgnoreOpenRanges))
        {
            var parts = range[6..].Split('-');
            from = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) - (open && ShiftOpenRanges ? 1 : 0);
            to = parts[1].Length == 0 ? to : Math.Min(to, long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {from}-{to}/{bytes.Length}";
            if (open && CorruptOpenRanges > 0)
            {
                CorruptOpenRanges--;
                bytes = [.. bytes];
                bytes[(int)from] ^= 0xFF;
            }
        }

        var length = to - from + 1;
        context.Response.ContentLength = length;
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return;
        }

        if (DropBlobRequests > 0 && length > 1)
        {
            DropBlobRequests--;
            await context.Response.Body.WriteAsync(bytes.AsMemory((int)from, (int)(length / 2)));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }

        await context.Response.Body.WriteAsync(bytes.AsMemory((int)from, (int)length));
    }
}
