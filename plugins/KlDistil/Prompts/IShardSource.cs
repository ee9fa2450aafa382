namespace Tournament.Plugins.KlDistil.Prompts;

/// <summary>Where the selection reads shards from: the text column of shard <c>idx</c>, one entry per row.</summary>
internal interface IShardSource
{
    int ShardCount { get; }

    Task<IReadOnlyList<string?>> ReadTextsAsync(int shardIndex, CancellationToken cancellationToken);
}
