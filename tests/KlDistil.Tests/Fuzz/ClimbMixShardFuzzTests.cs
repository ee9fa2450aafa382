using CsCheck;
using Parquet;
using Parquet.Schema;
using Tournament.Fuzzing;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.Plugins.KlDistil.Prompts;
using Tournament.Plugins.KlDistil.Prompts.ShardFormat;
using Tournament.KlDistil.Tests.Prompts;

namespace Tournament.KlDistil.Tests.Fuzz;

/// <summary>Issue 16: climbmix shards (parquet). Shards written by Parquet.Net round-trip their texts; mutated ones are
/// refused with <see cref="PromptSourceException"/>, inside a memory bound, never another exception.</summary>
[Collection(FuzzAlone.Name)]
public sealed class ClimbMixShardFuzzTests : IDisposable
{
    private static readonly Gen<string?[][]> Groups =
        Gen.String[Gen.Char[" abcxyz.\n\u00e9\u4f60"], 0, 40].Null(0.1).Array[1, 20].Array[1, 3];

    /// <summary>The shard reader awaits file I/O, so each input's allocations are counted over the whole process (a
    /// thread's own counter read 60 MB for a 9-byte file once the continuation moved to another thread: the "pool
    /// refills" the first long run reported); the class runs alone (<see cref="FuzzAlone"/>). The bound is the
    /// harness's default, 64 MiB + 256 bytes per input byte, for valid and corrupt shards alike: the footer and page
    /// headers are checked before Parquet.Net sizes anything from them (ParquetShardCheck, docs/reliability.md).</summary>
    private static FuzzProperty Property(string name, params Type[] refusals) => new(name, refusals) { CountAllThreads = true };

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WrittenShards_RoundTripTheirTexts()
    {
        var source = Source();
        await Property("climbmix-shard/valid").RunAsync(Groups, g => g.Sum(r => r.Sum(t => t?.Length ?? 0)), async groups =>
        {
            await File.WriteAllBytesAsync(ShardPath, await Write(groups));
            Assert.Equal(groups.SelectMany(g => g), await source.ReadTextsAsync(0, CancellationToken.None));
        }, ciIterations: 150);
    }

    [Fact]
    public async Task MutatedShards_AreRefusedWithPromptSourceException()
    {
        var valid = await Write([["alpha", "beta", null, "gamma delta"], ["\u00e9t\u00e9"]]);
        var source = Source();
        await Property("climbmix-shard/mutated", typeof(PromptSourceException)).RunAsync(Mutations.Of(valid), b => b.Length, async bytes =>
        {
            await File.WriteAllBytesAsync(ShardPath, bytes);
            await source.ReadTextsAsync(0, CancellationToken.None);
        }, ciIterations: 600);
    }

    /// <summary>Found by the fuzzer (seeds dColf6Epc1d1, 1fRNr6BSUhZ2): a column chunk naming a column the schema lacks
    /// threw Parquet.ParquetException (a corrupt footer ThriftProtocolException), which the shard reader did not turn
    /// into its own error.</summary>
    [Fact]
    public async Task ShardWhoseColumnChunkNamesAnotherColumn_IsRefusedWithPromptSourceException()
    {
        var bytes = await Write([["alpha"]]);
        var last = bytes.AsSpan().LastIndexOf("text"u8);
        bytes[last + 3] = (byte)'u';
        await File.WriteAllBytesAsync(ShardPath, bytes);

        var error = await Assert.ThrowsAsync<PromptSourceException>(() => Source().ReadTextsAsync(0, CancellationToken.None));
        Assert.Contains("not a readable parquet file", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by the long run (seed fbbtAwLhM-s1): a 454-byte shard whose footer declares a 243,950,050-byte
    /// statistics value made Parquet.Net allocate 244 MB before it failed; the footer walk refuses the length.</summary>
    [Fact]
    public async Task ShardWhoseFooterDeclaresAHugeString_IsRefusedBeforeTheReaderAllocatesIt()
    {
        // FileMetaData field 6 (created_by, binary) declaring 243,950,050 bytes, then 3 bytes and a stop.
        var error = await RefusedFooter([0x68, 0xE2, 0xC3, 0xA9, 0x74, 0x61, 0x62, 0x63, 0x00]);
        Assert.Contains("declares 243950050 bytes, more than the 4 left", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardWhoseFooterDeclaresAHugeList_IsRefusedBeforeTheReaderAllocatesIt()
    {
        // FileMetaData field 2 (schema, list of structs) declaring 100,000,000 elements.
        var error = await RefusedFooter([0x29, 0xFC, 0x80, 0xC2, 0xD7, 0x2F, 0x00, 0x00]);
        Assert.Contains("declares 100000000 elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardWhoseFooterFieldHasTheWrongType_IsRefused()
    {
        // FileMetaData field 4 (row_groups, a list) declared as an i32: Parquet.Net would read the varint as a list header.
        var error = await RefusedFooter([0x45, 0x02, 0x00]);
        Assert.Contains("field 4 of FileMetaData has Thrift type 5", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A Snappy page whose length prefix says 2 GiB: Parquet.Net's Snappy decoder sizes its output from it.</summary>
    [Fact]
    public async Task ShardWhoseSnappyPageClaimsTwoGigabytes_IsRefusedBeforeDecompression()
    {
        var bytes = await Write([["alpha", "beta"]]);
        var (_, dataStart) = ThriftCompactWalker.Walk(bytes, 4, bytes.Length, "PageHeader");
        new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }.CopyTo(bytes, dataStart);
        await File.WriteAllBytesAsync(ShardPath, bytes);

        var error = await Assert.ThrowsAsync<PromptSourceException>(() => Source().ReadTextsAsync(0, CancellationToken.None));
        Assert.Contains("expands to 2147483647 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardsCheckedBeforeReading_StillReadTheSampleCorpusUnchanged()
    {
        foreach (var file in Directory.GetFiles(SampleShards.Folder, "*.parquet"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            await File.WriteAllBytesAsync(ShardPath, bytes);
            Assert.NotEmpty(await Source().ReadTextsAsync(0, CancellationToken.None));
        }
    }

    private async Task<PromptSourceException> RefusedFooter(byte[] footer)
    {
        using var file = new MemoryStream();
        file.Write("PAR1"u8);
        file.Write(footer);
        file.Write(BitConverter.GetBytes(footer.Length));
        file.Write("PAR1"u8);
        await File.WriteAllBytesAsync(ShardPath, file.ToArray());
        var error = await Assert.ThrowsAsync<PromptSourceException>(() => Source().ReadTextsAsync(0, CancellationToken.None));
        Assert.Contains("refused before the parquet reader sees it", error.Message, StringComparison.Ordinal);
        return error;
    }

    private string ShardPath => _temp.Combine("shard_00000.parquet");

    private ParquetShardSource Source() =>
        new(_temp.Path, ShardFileNames.TryParse("shard_{idx:05d}.parquet", out var n, out _) ? n! : throw new InvalidOperationException(), 1, 1 << 20);

    internal static async Task<byte[]> Write(string?[][] groups)
    {
        var field = new DataField<string>("text");
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream))
        {
            foreach (var group in groups)
            {
                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync(field, group, null);
            }
        }

        return stream.ToArray();
    }
}
