using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>Collects the artifacts components add during a round; they are published only after the round commits.</summary>
internal sealed class ArtifactCollector : IArtifactSink
{
    private readonly Lock _gate = new();
    private readonly List<Artifact> _artifacts = [];

    public IReadOnlyList<Artifact> Artifacts
    {
        get
        {
            lock (_gate)
            {
                return [.. _artifacts];
            }
        }
    }

    public void Add(Artifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentException.ThrowIfNullOrWhiteSpace(artifact.Key);
        lock (_gate)
        {
            _artifacts.Add(artifact);
        }
    }
}
