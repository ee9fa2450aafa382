using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;

namespace Tournament.Engine.Tests.Rounds.Fakes;

/// <summary>Storage with a per-repository outcome: available, gone, or deferred; counts describe and fetch calls.</summary>
internal sealed class FakeStorage : IStorageBackend
{
    public Dictionary<string, Disqualified> Gone { get; } = [];

    public Dictionary<string, Deferred> Deferred { get; } = [];

    public List<Artifact> Published { get; } = [];

    public bool FailPublishing { get; set; }

    public Dictionary<string, Exception> DescribeThrows { get; } = [];

    public int Describes { get; private set; }

    public int Fetches { get; private set; }

    private static readonly RevisionForm ContentHash = new(null, 64);

    public static ModelRef Model(string repo) => new(repo, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repo))));

    public bool CanResolve(ModelRef model) => ContentHash.Matches(model.Revision);

    public Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken)
    {
        Describes++;
        if (DescribeThrows.TryGetValue(model.Repo, out var bug))
        {
            throw bug;
        }

        return Task.FromResult(Outcome(model, () => new ModelDescription(model, [new ModelFile("model.bin", 4, null)], true, new Dictionary<string, string>())));
    }

    public Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(Outcome(model, () => Encoding.UTF8.GetBytes(model.Repo)));

    public Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken) =>
        Task.FromResult(StorageResult<SafetensorsHeader>.Defer("No safetensors here."));

    public Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken)
    {
        Fetches++;
        return Task.FromResult(Outcome(model, () => new LocalSnapshot(model, "/fake/" + model.Repo, [new ModelFile("model.bin", 4, null)])));
    }

    public Task<StorageResult<ArtifactLocation>> PublishAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        if (FailPublishing)
        {
            throw new IOException("The artifact disk is full.");
        }

        Published.Add(artifact);
        return Task.FromResult(StorageResult<ArtifactLocation>.Ok(new ArtifactLocation("mem://" + artifact.Key)));
    }

    private StorageResult<T> Outcome<T>(ModelRef model, Func<T> value) =>
        Gone.TryGetValue(model.Repo, out var dq) ? dq
        : Deferred.TryGetValue(model.Repo, out var deferred) ? deferred
        : StorageResult<T>.Ok(value());
}
