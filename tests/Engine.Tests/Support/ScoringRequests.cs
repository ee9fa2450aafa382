using Tournament.Abstractions;

namespace Tournament.Engine.Tests.Support;

/// <summary>Minimal round inputs for calling components directly.</summary>
internal static class ScoringRequests
{
    public static ScoringRequest EmptyScoring()
    {
        var head = new ChainHead(7, new string('b', 64), DateTimeOffset.UnixEpoch);
        var round = new RoundContext("example", head, RoundSeed.FromBlockHash(head.Hash), null, NullProgressReporter.Instance, new NoArtifacts());
        return new ScoringRequest(round, new PromptSet("test", "1", []), []);
    }

    private sealed class NoArtifacts : IArtifactSink
    {
        public void Add(Artifact artifact)
        {
        }
    }
}
