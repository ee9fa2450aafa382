using System.Text.Json;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Samples;

namespace Tournament.AlbedoDuel.Tests.Samples;

public sealed class SweTrajectorySelectionTests
{
    private const string BlockHash = "0x9c3f51a0e4b7d2c81f6a0b3e5d7c9a1f2e4b6d8c0a2f4e6b8d0c2a4f6e8b0d2c";

    /// <summary>swe-trajectories/v1 golden vector on the shipped corpus (also produced by the Python reference).</summary>
    [Fact]
    public async Task Select_ShippedCorpus_MatchesGoldenVector()
    {
        var ids = await SelectIdsAsync(ShippedCorpus.Shards(), BlockHash, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 8);

        Assert.Equal(GoldenFirstEight, ids);
    }

    [Theory]
    [InlineData(BlockHash, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 64)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", 64)]
    [InlineData("deadbeef", "hotkey-é-ünïcode", 200)]
    public async Task Select_ShippedCorpus_MatchesIndependentPythonReference(string blockHash, string hotkey, int count)
    {
        var shards = ShippedCorpus.Shards();
        var roles = new List<object>();
        for (var s = 0; s < shards.Manifest.Shards.Count; s++)
        {
            var rows = await shards.ReadAsync(s, CancellationToken.None);
            roles.Add(new { name = shards.Manifest.Shards[s].Name, roles = rows.Select(r => r.Messages.Select(m => m.Role)).ToList() });
        }

        var expected = await PythonReference.RunAsync("Samples/swe_trajectories_v1_reference.py", JsonSerializer.Serialize(new { block_hash = blockHash, hotkey, count, max_turn = 10, shards = roles }));

        Assert.Equal(expected, await SelectIdsAsync(shards, blockHash, hotkey, count));
    }

    [Theory]
    [InlineData(11, 3)]
    [InlineData(12, 10)]
    [InlineData(13, 1)]
    public async Task Select_RandomRolePatterns_MatchIndependentPythonReference(int generatorSeed, int maxTurn)
    {
        var random = new Random(generatorSeed);
        var names = new[] { "a.parquet", "empty.parquet", "b.parquet", "c.parquet" };
        var shardRows = names.Select(n => n == "empty.parquet" ? [] : Enumerable.Range(0, random.Next(1, 30)).Select(_ => RandomRoles(random)).ToList()).ToList();
        var shards = new MemoryShards(names, shardRows);
        var input = JsonSerializer.Serialize(new { block_hash = "0xfeed", hotkey = "5Abc", count = 20, max_turn = maxTurn, shards = names.Select((n, i) => new { name = n, roles = shardRows[i] }) });

        var expected = await PythonReference.RunAsync("Samples/swe_trajectories_v1_reference.py", input);
        var samples = await SweTrajectorySelection.SelectAsync(RoundSeed.FromBlockHash("0xfeed").ForChallenger("5Abc"), shards, 20, maxTurn, CancellationToken.None);

        Assert.Equal(expected, samples.Select(s => SweTrajectorySelection.SampleId(names[s.Shard], s.Row, s.Turn.TurnIndex)));
        Assert.All(samples, s => Assert.True(s.Turn.TurnIndex < maxTurn));
    }

    [Fact]
    public async Task Select_SixtyFourSamples_AreDistinctEligibleTurnsWithUserPrompts()
    {
        var source = ShippedCorpus.Source(ShippedCorpus.ManifestPath, ShippedCorpus.ManifestSha256);
        var seed = RoundSeed.FromBlockHash(BlockHash).ForChallenger("5Challenger");

        var set = await source.SelectAsync(seed, NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(64, set.Prompts.Count);
        Assert.Equal("swe-trajectories/v1", set.AlgorithmVersion);
        Assert.Equal(64, set.Prompts.Select(p => p.Id).Distinct().Count());
        Assert.All(set.Prompts, p =>
        {
            Assert.Equal("system", p.Messages[0].Role);
            Assert.Equal("user", p.Messages[^1].Role);
            Assert.Equal(p.Text, p.Messages[^1].Content);
            Assert.True(int.Parse(p.Metadata["turn"], System.Globalization.CultureInfo.InvariantCulture) < 10);
            Assert.StartsWith("THOUGHT:", p.Metadata[SweTrajectorySelection.OriginalReplyKey], StringComparison.Ordinal);
            Assert.Single(p.Metadata[SweTrajectorySelection.OriginalReplyKey].Split("```bash").Skip(1));
        });
        var again = await source.SelectAsync(seed, NullProgressReporter.Instance, CancellationToken.None);
        Assert.Equal(set.Prompts.Select(p => p.Id), again.Prompts.Select(p => p.Id));
        var other = await source.SelectAsync(RoundSeed.FromBlockHash(BlockHash).ForChallenger("5Other"), NullProgressReporter.Instance, CancellationToken.None);
        Assert.NotEqual(set.Prompts.Select(p => p.Id), other.Prompts.Select(p => p.Id));
    }

    [Fact]
    public async Task Select_CorpusWithTooFewTurns_FailsWithOneSentence()
    {
        var shards = new MemoryShards(["a.parquet"], [[["system", "user", "assistant"]]]);

        var error = await Assert.ThrowsAsync<TrajectoryCorpusException>(() =>
            SweTrajectorySelection.SelectAsync(RoundSeed.FromBlockHash("01"), shards, 2, 10, CancellationToken.None));

        Assert.Contains("too small for 2 samples", error.Message, StringComparison.Ordinal);
    }

    private static readonly string[] GoldenFirstEight =
    [
        "shard_00001:row_10:turn_5", "shard_00001:row_0:turn_4", "shard_00002:row_4:turn_3", "shard_00003:row_0:turn_4",
        "shard_00003:row_0:turn_7", "shard_00001:row_4:turn_7", "shard_00001:row_8:turn_2", "shard_00000:row_7:turn_4",
    ];

    private static async Task<string[]> SelectIdsAsync(ITrajectoryShards shards, string blockHash, string hotkey, int count)
    {
        var samples = await SweTrajectorySelection.SelectAsync(RoundSeed.FromBlockHash(blockHash).ForChallenger(hotkey), shards, count, 10, CancellationToken.None);
        return samples.Select(s => SweTrajectorySelection.SampleId(shards.Manifest.Shards[s.Shard].Name, s.Row, s.Turn.TurnIndex)).ToArray();
    }

    private static List<string> RandomRoles(Random random)
    {
        var roles = new List<string> { "system" };
        var length = random.Next(0, 30);
        for (var i = 0; i < length; i++)
        {
            roles.Add(random.Next(4) switch { 0 => "user", 1 => "assistant", _ => i % 2 == 0 ? "user" : "assistant" });
        }

        return roles;
    }

    private sealed class MemoryShards(string[] names, List<List<List<string>>> rows) : ITrajectoryShards
    {
        public TrajectoryManifest Manifest { get; } = new(
            names.Select((n, i) => new ManifestShard(n, rows[i].Count, new string('0', 64))).ToList(), rows.Sum(r => r.Count));

        public Task<IReadOnlyList<TrajectoryRow>> ReadAsync(int shard, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TrajectoryRow>>(rows[shard].Select((r, i) => new TrajectoryRow($"i{i}", "r", r.Select(role => new ChatMessage(role, role + i)).ToList())).ToList());
    }
}
