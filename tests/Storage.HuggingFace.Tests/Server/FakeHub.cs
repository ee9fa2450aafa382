using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tournament.Storage.HuggingFace.Tests.Server;

/// <summary>
/// A HuggingFace Hub on 127.0.0.1 serving a folder of repositories through the Hub's own endpoints:
/// <c>GET /api/models/{repo}[/revision/{rev}]</c>, <c>GET /{repo}/resolve/{rev}/{path}</c> (LFS files redirect with 302 to
/// a second listener, the "CDN", another origin) with Range support. Folder layout:
/// <c>{root}/{owner}/{name}/revisions/{sha}/…files…</c>, <c>refs/{branch}</c> (a sha) and an optional <c>repo.json</c>
/// (<c>{"private":true,"gated":"manual","disabled":true}</c>).
/// </summary>
public sealed partial class FakeHub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<Fault> faults = [];
    private readonly ConcurrentDictionary<string, (string Sha256, string BlobId)> hashes = new();
    private long bodyBytes;

    private FakeHub(string root, WebApplication app)
    {
        Root = root;
        this.app = app;
    }

    /// <summary>The folder of repositories.</summary>
    public string Root { get; }

    /// <summary>The Hub origin (API and resolve).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The CDN origin LFS downloads redirect to.</summary>
    public Uri Cdn { get; private set; } = null!;

    /// <summary>The token the Hub accepts for private and gated repositories.</summary>
    public string? AcceptedToken { get; set; }

    /// <summary>Every request seen.</summary>
    public ConcurrentQueue<RequestRecord> Requests { get; } = new();

    /// <summary>Response body bytes sent so far (both origins).</summary>
    public long BodyBytesServed => Interlocked.Read(ref bodyBytes);

    /// <summary>Starts both listeners on ephemeral loopback ports.</summary>
    /// <param name="root">The repositories folder.</param>
    public static async Task<FakeHub> StartAsync(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.Urls.Add("http://127.0.0.1:0");
        var hub = new FakeHub(root, app);
        app.Run(hub.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).OrderBy(a => a.Port).ToList();
        hub.Endpoint = new Uri(addresses[0].GetLeftPart(UriPartial.Authority) + "/");
        hub.Cdn = new Uri(addresses[1].GetLeftPart(UriPartial.Authority) + "/");
        return hub;
    }

    /// <summary>Adds a scripted misbehaviour.</summary>
    /// <param name="fault">The fault.</param>
    public void AddFault(Fault fault)
    {
        lock (faults)
        {
            faults.Add(fault);
        }
    }

    /// <summary>Writes a revision's files (relative path → bytes) and points <paramref name="branch"/> at it.</summary>
    public string WriteRevision(string repo, string sha, IReadOnlyDictionary<string, byte[]> files, string? branch = "main")
    {
        var dir = Path.Combine(Root, repo, "revisions", sha);
        foreach (var (path, bytes) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }

        if (branch is not null)
        {
            SetRef(repo, branch, sha);
        }

        return dir;
    }

    /// <summary>Points a branch at a commit.</summary>
    public void SetRef(string repo, string branch, string sha)
    {
        var refPath = Path.Combine(Root, repo, "refs", branch);
        Directory.CreateDirectory(Path.GetDirectoryName(refPath)!);
        File.WriteAllText(refPath, sha);
    }

    /// <summary>Writes repo.json.</summary>
    public void SetRepoFlags(string repo, string json) => File.WriteAllText(Path.Combine(Root, repo, "repo.json"), json);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private Fault? TakeFault(HubRole role, string path, params FaultKind[] kinds)
    {
        lock (faults)
        {
            var fault = faults.FirstOrDefault(f => f.Role == role && f.Times > 0 && kinds.Contains(f.Kind) && path.Contains(f.PathContains, StringComparison.Ordinal));
            if (fault is not null)
            {
                fault.Times--;
            }

            return fault;
        }
    }
}
