using System.Globalization;
using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Prompts;

/// <summary>Block-seeded pre-training text prompts from ClimbMix-style parquet shards (algorithm climbmix/v1).</summary>
[Component("climbmix", Options = typeof(ClimbMixOptions), Description = "ClimbMix-style parquet text prompts, seeded by the block hash (climbmix/v1).")]
internal sealed class ClimbMixPromptSource : IPromptSource
{
    private readonly ClimbMixOptions _options;
    private readonly ParquetShardSource _shards;

    public ClimbMixPromptSource(ClimbMixOptions options, HostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _options = options;
        if (!ShardFileNames.TryParse(options.ShardPattern, out var names, out var error))
        {
            throw new PromptSourceException(error!);
        }

        _shards = new ParquetShardSource(environment.ResolvePath(options.ShardsPath), names!, options.ShardCount, options.MaxShardBytes);
    }

    public async Task<PromptSet> SelectAsync(RoundSeed seed, IProgressReporter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(progress);
        using var task = progress.Start("Selecting ClimbMix prompts", _options.Count, "prompts");
        var rows = await ClimbMixSelection.SelectAsync(seed.Bytes.ToArray(), _shards, _options.Count, _options.MaxChars, _options.MinPrintableFraction, cancellationToken).ConfigureAwait(false);
        task.Advance(rows.Count);
        var prompts = rows.Select(r => new Prompt(r.Id, r.Text, Array.Empty<ChatMessage>(), new Dictionary<string, string>
        {
            ["shard"] = r.Shard.ToString("D5", CultureInfo.InvariantCulture),
            ["row"] = r.Row.ToString(CultureInfo.InvariantCulture),
            ["chars"] = r.Text.Length.ToString(CultureInfo.InvariantCulture),
        })).ToList();
        return new PromptSet("climbmix", ClimbMixSelection.Version, prompts);
    }
}
