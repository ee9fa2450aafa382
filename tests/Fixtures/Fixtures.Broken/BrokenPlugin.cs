using Tournament.Abstractions;

namespace Tournament.Fixtures.Broken;

/// <summary>A module whose constructor fails: the whole plugin must be reported as failed to load.</summary>
public sealed class BrokenModule : IPluginModule
{
    public BrokenModule() => throw new InvalidOperationException("The broken fixture refuses to start.");

    public void Register(IPluginRegistrar registrar)
    {
    }
}

[Component("broken-scorer")]
public sealed class BrokenScorer : IScorer
{
    public Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Never reached: the plugin fails to load.");
}
