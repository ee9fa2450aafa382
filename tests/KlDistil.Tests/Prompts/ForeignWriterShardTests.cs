using System.Text.Json;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.Plugins.KlDistil.Prompts;

namespace Tournament.KlDistil.Tests.Prompts;

/// <summary>
/// The shard check (footer and page headers walked before Parquet.Net reads them) must accept what other writers
/// write, not only Parquet.Net: shards written by arrow-rs (the pinned npm package parquet-wasm, tools/parquet-writer)
/// with every codec, dictionary on and off, data page v1 and v2, page statistics and several row groups read back
/// their texts exactly.
/// </summary>
public sealed class ForeignWriterShardTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ShardsWrittenByArrowRs_PassTheCheckAndReadTheirTexts()
    {
        var tool = Path.Combine(Path.GetDirectoryName(SampleShards.Folder)!, "..", "..", "tools", "parquet-writer");
        NpmTool.EnsureInstalled(tool, () => File.Exists(Path.Combine(tool, "node_modules", "parquet-wasm", "package.json")));
        NpmTool.Run("node", [Path.Combine(tool, "write-shards.mjs"), _temp.Path], tool, TimeSpan.FromMinutes(5));
        var expected = JsonSerializer.Deserialize<string?[]>(await File.ReadAllTextAsync(_temp.Combine("expected.json")))!;

        var configurations = Directory.GetDirectories(_temp.Path);
        Assert.Equal(9, configurations.Length);
        foreach (var folder in configurations)
        {
            var source = new ParquetShardSource(folder, ShardFileNames.TryParse("shard_{idx:05d}.parquet", out var names, out _) ? names! : throw new InvalidOperationException(), 1, 1 << 30);
            Assert.Equal(expected, await source.ReadTextsAsync(0, CancellationToken.None));
        }
    }
}
