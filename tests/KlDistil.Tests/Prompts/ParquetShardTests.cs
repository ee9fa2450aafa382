using Parquet;
using Parquet.Schema;
using Tournament.Abstractions;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.Plugins.KlDistil.Prompts;

namespace Tournament.KlDistil.Tests.Prompts;

public sealed class ParquetShardTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadTexts_MultipleRowGroupsAndNulls_ReadInFileOrder()
    {
        var field = new DataField<string>("text");
        await using (var stream = File.Create(_temp.Combine("shard_00000.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream))
        {
            foreach (var group in new[] { new[] { "a", null, "c" }, new[] { "d" } })
            {
                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync(field, group, null);
            }
        }

        var source = new ParquetShardSource(_temp.Path, Names(), 0, 1 << 20);
        Assert.Equal(1, source.ShardCount);
        Assert.Equal(new string?[] { "a", null, "c", "d" }, await source.ReadTextsAsync(0, CancellationToken.None));
    }

    [Fact]
    public async Task ReadTexts_GarbageFile_ThrowsPromptSourceException()
    {
        await File.WriteAllBytesAsync(_temp.Combine("shard_00000.parquet"), "PAR1 not really a parquet file"u8.ToArray());
        var source = new ParquetShardSource(_temp.Path, Names(), 0, 1 << 20);
        var ex = await Assert.ThrowsAsync<PromptSourceException>(() => source.ReadTextsAsync(0, CancellationToken.None));
        Assert.Contains("shard_00000.parquet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadTexts_TruncatedSampleShard_ThrowsPromptSourceException()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(SampleShards.Folder, "shard_00000.parquet"));
        await File.WriteAllBytesAsync(_temp.Combine("shard_00000.parquet"), bytes[..(bytes.Length / 2)]);
        var source = new ParquetShardSource(_temp.Path, Names(), 0, 1 << 30);
        await Assert.ThrowsAsync<PromptSourceException>(() => source.ReadTextsAsync(0, CancellationToken.None));
    }

    [Fact]
    public async Task ReadTexts_NoTextColumn_ThrowsNamingTheColumn()
    {
        var field = new DataField<string>("content");
        await using (var stream = File.Create(_temp.Combine("shard_00000.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream))
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync(field, new[] { "x" }, null);
        }

        var ex = await Assert.ThrowsAsync<PromptSourceException>(() => new ParquetShardSource(_temp.Path, Names(), 0, 1 << 20).ReadTextsAsync(0, CancellationToken.None));
        Assert.Contains("'text'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadTexts_OversizedShard_IsRefused()
    {
        var source = new ParquetShardSource(SampleShards.Folder, Names(), 0, 1000);
        var ex = await Assert.ThrowsAsync<PromptSourceException>(() => source.ReadTextsAsync(0, CancellationToken.None));
        Assert.Contains("MaxShardBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_GapInShardNumbering_NamesTheMissingShard()
    {
        File.WriteAllBytes(_temp.Combine("shard_00000.parquet"), []);
        File.WriteAllBytes(_temp.Combine("shard_00002.parquet"), []);
        var ex = Assert.Throws<PromptSourceException>(() => new ParquetShardSource(_temp.Path, Names(), 0, 1000));
        Assert.Contains("shard_00001.parquet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MissingFolder_SaysWhichOptionToSet()
    {
        var ex = Assert.Throws<PromptSourceException>(() => new ClimbMixPromptSource(new ClimbMixOptions { ShardsPath = "no-such-folder" }, new HostEnvironment(_temp.Path, _temp.Path)));
        Assert.Contains("ShardsPath", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shard_{idx:05d}.parquet", 42, "shard_00042.parquet")]
    [InlineData("part-{idx}.parquet", 7, "part-7.parquet")]
    [InlineData("{idx:03d}", 5, "005")]
    public void ShardFileNames_Pattern_FormatsAndParses(string pattern, int index, string name)
    {
        Assert.True(ShardFileNames.TryParse(pattern, out var names, out _));
        Assert.Equal(name, names!.NameOf(index));
        Assert.True(names.TryIndexOf(name, out var parsed));
        Assert.Equal(index, parsed);
        Assert.False(names.TryIndexOf("x" + name, out _));
    }

    [Theory]
    [InlineData("shard.parquet")]
    [InlineData("{idx}{idx}")]
    [InlineData("dir/{idx}.parquet")]
    [InlineData("{idx:5d}")]
    public void ShardFileNames_BadPattern_IsRejected(string pattern)
    {
        Assert.False(ShardFileNames.TryParse(pattern, out _, out var error));
        Assert.Contains("ShardPattern", error, StringComparison.Ordinal);
    }

    private static ShardFileNames Names() => ShardFileNames.TryParse("shard_{idx:05d}.parquet", out var n, out _) ? n! : throw new InvalidOperationException();
}
