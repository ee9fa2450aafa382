using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>
/// Duel samples from pinned SWE agent trajectories (swe-trajectories/v1). The seed passed in is the duel seed
/// (<c>RoundSeed.ForChallenger(hotkey)</c>, which the engine passes with <c>Prompts: Challenger</c>); the manifest is verified when the source is created and again before every selection.
/// </summary>
[Component("swe-trajectories", Options = typeof(SweTrajectoriesOptions), Description = "Coding-agent turns from pinned parquet trajectories, seeded per challenger (swe-trajectories/v1).")]
internal sealed class SweTrajectoriesPromptSource : IPromptSource
{
    private readonly SweTrajectoriesOptions _options;
    private readonly string _manifestPath;

    public SweTrajectoriesPromptSource(SweTrajectoriesOptions options, HostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _options = options;
        _manifestPath = environment.ResolvePath(options.ManifestPath);
        _ = TrajectoryManifest.Load(_manifestPath, options.ManifestSha256);
    }

    public async Task<PromptSet> SelectAsync(RoundSeed seed, IProgressReporter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(progress);
        using var task = progress.Start("Selecting duel samples", _options.Count, "samples");
        var manifest = TrajectoryManifest.Load(_manifestPath, _options.ManifestSha256);
        var shards = new ParquetTrajectoryShards(Path.GetDirectoryName(_manifestPath)!, manifest, _options.MaxShardBytes);
        var samples = await SweTrajectorySelection.SelectAsync(seed, shards, _options.Count, _options.MaxTurnIndex, cancellationToken).ConfigureAwait(false);
        task.Advance(samples.Count);
        var prompts = samples.Select(s => SweTrajectorySelection.ToPrompt(s, manifest.Shards[s.Shard].Name)).ToList();
        return new PromptSet("swe-trajectories", SweTrajectorySelection.Version, prompts);
    }
}
