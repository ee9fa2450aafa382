using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Snapshooter.Xunit;
using Tournament.Abstractions;
using Tournament.Plugins.KlDistil.Prompts;

namespace Tournament.KlDistil.Tests.Prompts;

public sealed class ClimbMixPromptSourceTests
{
    private const string HashA = "0x8f1c2b3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";
    private const string HashB = "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task SelectAsync_SampleShards_GoldenVectors()
    {
        var vectors = new List<object>();
        foreach (var hash in new[] { HashA, HashB })
        {
            var set = await Source().SelectAsync(RoundSeed.FromBlockHash(hash), NullProgressReporter.Instance, CancellationToken.None);
            vectors.Add(new
            {
                BlockHash = hash,
                set.AlgorithmVersion,
                set.Prompts.Count,
                FirstIds = set.Prompts.Take(8).Select(p => p.Id).ToList(),
                TextsSha256 = TextsDigest(set),
            });
        }

        vectors.MatchSnapshot();
    }

    /// <summary>Vectors computed by the independent standard-library Python reference (climbmix_v1_reference.py in this folder).</summary>
    [Theory]
    [InlineData(HashA, 3, new[] { 396, 133, 309, 82, 14, 86, 288, 300 })]
    [InlineData(HashB, 1, new[] { 341, 9, 258, 366, 143, 117, 425, 211 })]
    public async Task SelectAsync_SampleShards_MatchIndependentPythonReference(string hash, int shard, int[] rows)
    {
        var set = await Source().SelectAsync(RoundSeed.FromBlockHash(hash), NullProgressReporter.Instance, CancellationToken.None);
        Assert.Equal(rows.Select(r => $"shard_{shard:D5}:row_{r}"), set.Prompts.Take(8).Select(p => p.Id));
    }

    [Fact]
    public async Task SelectAsync_SameSeed_ByteIdenticalPrompts()
    {
        var seed = RoundSeed.FromBlockHash(HashA);
        var first = await Source().SelectAsync(seed, NullProgressReporter.Instance, CancellationToken.None);
        var second = await Source().SelectAsync(RoundSeed.FromBlockHash(HashA), NullProgressReporter.Instance, CancellationToken.None);
        Assert.Equal(120, first.Prompts.Count);
        Assert.Equal(first.Prompts.Select(p => p.Id), second.Prompts.Select(p => p.Id));
        Assert.Equal(TextsDigest(first), TextsDigest(second));
        Assert.Equal(first.Prompts.Count, first.Prompts.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public async Task PromptSeedFromBlockNumber_SameNumberDifferentHash_DifferentPrompts()
    {
        // Two rounds at the same block number on different forks: only the hash feeds the seed.
        var a = await Source().SelectAsync(RoundSeed.FromBlockHash(HashA), NullProgressReporter.Instance, CancellationToken.None);
        var b = await Source().SelectAsync(RoundSeed.FromBlockHash(HashB), NullProgressReporter.Instance, CancellationToken.None);
        Assert.NotEqual(a.Prompts.Select(p => p.Id), b.Prompts.Select(p => p.Id));
        Assert.NotEqual(TextsDigest(a), TextsDigest(b));
    }

    [Fact]
    public void FirstShard_MatchesDocumentedFormula()
    {
        var random = new Random(5);
        for (var i = 0; i < 50; i++)
        {
            var seed = new byte[32];
            random.NextBytes(seed);
            var shards = 1 + random.Next(10_000);
            var digest = SHA256.HashData([.. seed, .. Encoding.ASCII.GetBytes("climbmix/v1/shard")]);
            var expected = (int)(BinaryPrimitives.ReadUInt64LittleEndian(digest) % (ulong)shards);
            Assert.Equal(expected, ClimbMixSelection.FirstShard(seed, shards));
        }
    }

    [Fact]
    public async Task SelectAsync_ShardCountSmallerThanFolder_UsesOnlyThoseShardsFromTheFormula()
    {
        var seed = RoundSeed.FromBlockHash(HashA);
        var set = await Source(shardCount: 3).SelectAsync(seed, NullProgressReporter.Instance, CancellationToken.None);
        var first = ClimbMixSelection.FirstShard(seed.Bytes, 3);
        Assert.StartsWith($"shard_{first:D5}:", set.Prompts[0].Id, StringComparison.Ordinal);
        Assert.All(set.Prompts, p => Assert.True(int.Parse(p.Id[6..11], System.Globalization.CultureInfo.InvariantCulture) < 3));
    }

    [Fact]
    public async Task SelectAsync_ShardRunsOut_ContinuesWithNextShardWrapping()
    {
        var shards = new MemoryShards(3, 5);
        var seed = new byte[32];
        new Random(9).NextBytes(seed);
        var rows = await ClimbMixSelection.SelectAsync(seed, shards, 12, 1000, 0.5, CancellationToken.None);
        var first = ClimbMixSelection.FirstShard(seed, 3);
        var expected = Enumerable.Range(0, 3).SelectMany(k =>
        {
            var shard = (first + k) % 3;
            return ClimbMixSelection.RowOrder(seed, shard, 5).Select(r => $"shard_{shard:D5}:row_{r}");
        }).Take(12);
        Assert.Equal(expected, rows.Select(r => r.Id));
    }

    [Fact]
    public async Task SelectAsync_CorpusTooSmall_ReturnsEveryPassingRow()
    {
        var rows = await ClimbMixSelection.SelectAsync(new byte[32], new MemoryShards(2, 4), 100, 1000, 0.5, CancellationToken.None);
        Assert.Equal(8, rows.Count);
    }

    [Fact]
    public async Task SelectAsync_RejectedRows_AreSkippedInPermutationOrder()
    {
        var shards = new MemoryShards(1, 6, (shard, row) => row % 2 == 0 ? "\u0001\u0002\u0003\uE000\uE001\uE002\uE003 ab" : $"good row {row}");
        var rows = await ClimbMixSelection.SelectAsync(new byte[32], shards, 10, 1000, 0.5, CancellationToken.None);
        Assert.Equal(ClimbMixSelection.RowOrder(new byte[32], 0, 6).Where(r => r % 2 == 1).Select(r => $"shard_00000:row_{r}"), rows.Select(r => r.Id));
    }

    [Fact]
    public void Options_Validation_RejectsBadPatternAndRanges()
    {
        var options = new ClimbMixOptions { ShardPattern = "shard.parquet", Count = 0, MinPrintableFraction = 1.5 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        var members = results.SelectMany(r => r.MemberNames).ToList();
        Assert.Contains(nameof(ClimbMixOptions.Count), members);
        Assert.Contains(nameof(ClimbMixOptions.MinPrintableFraction), members);
        Assert.Contains(nameof(ClimbMixOptions.ShardPattern), ((System.ComponentModel.DataAnnotations.IValidatableObject)options).Validate(new(options)).SelectMany(r => r.MemberNames));
    }

    internal static ClimbMixPromptSource Source(int shardCount = 0, string? folder = null) =>
        new(new ClimbMixOptions { ShardsPath = folder ?? SampleShards.Folder, ShardCount = shardCount }, new HostEnvironment(Path.GetTempPath(), Path.GetTempPath()));

    /// <summary>Test-vector convention: SHA-256 over each prompt's UTF-8 text followed by one 0x00 byte, in order.</summary>
    internal static string TextsDigest(PromptSet set)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in set.Prompts)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(p.Text));
            sha.AppendData([0]);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private sealed class MemoryShards(int shards, int rows, Func<int, int, string?>? text = null) : IShardSource
    {
        public int ShardCount => shards;

        public Task<IReadOnlyList<string?>> ReadTextsAsync(int shardIndex, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string?>>(Enumerable.Range(0, rows).Select(r => text?.Invoke(shardIndex, r) ?? $"Shard {shardIndex} row {r} text.").ToList());
    }
}
