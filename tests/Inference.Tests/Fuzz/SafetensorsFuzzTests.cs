using System.Text;
using CsCheck;
using Tournament.Abstractions;
using Tournament.Fuzzing;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Tests.Fuzz;

/// <summary>Issue 16: safetensors headers and shard indexes come from miners. Headers built by
/// <see cref="SafetensorsWriter"/> round-trip through <see cref="SafetensorsHeader"/>; mutated ones are refused with
/// <see cref="SafetensorsFormatException"/>, mutated indexes with <see cref="CheckpointException"/>.</summary>
[Collection(FuzzAlone.Name)]
public sealed class SafetensorsFuzzTests : IDisposable
{
    private static readonly SafetensorsDType[] DTypes = Enum.GetValues<SafetensorsDType>();

    private static readonly Gen<(string Name, SafetensorsDType DType, long[] Shape)> Tensor =
        Gen.Select(Gen.String[Gen.Char["abcxyz._0123456789"], 1, 12], Gen.Int[0, DTypes.Length - 1], Gen.Long[0, 5].Array[0, 3])
            .Select((name, dtype, shape) => (Name: "t." + name, DType: DTypes[dtype], Shape: shape));

    /// <summary>A whole file (header and data) with unique tensor names and an optional metadata entry.</summary>
    private static readonly Gen<(byte[] File, (string Name, SafetensorsDType DType, long[] Shape)[] Tensors)> ValidFile =
        Gen.Select(Tensor.Array[0, 6], Gen.Bool).Select((tensors, withMetadata) =>
        {
            var unique = tensors.DistinctBy(t => t.Name).ToArray();
            var writer = new SafetensorsWriter();
            if (withMetadata)
            {
                writer.SetMetadata("format", "pt");
            }

            foreach (var (name, dtype, shape) in unique)
            {
                var elements = shape.Aggregate(1L, (a, d) => a * d);
                writer.Add(name, dtype, shape, new byte[checked((int)(elements * SafetensorsDTypes.SizeOf(dtype)))]);
            }

            var header = writer.BuildHeader();
            var data = unique.Sum(t => t.Shape.Aggregate(1L, (a, d) => a * d) * SafetensorsDTypes.SizeOf(t.DType));
            return (File: header.Concat(new byte[data]).ToArray(), Tensors: unique);
        });

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WrittenHeaders_RoundTrip()
    {
        new FuzzProperty("safetensors/valid").Run(ValidFile, v => v.File.Length, v =>
        {
            var header = SafetensorsHeader.Parse(v.File, v.File.Length, "fuzz.safetensors");
            Assert.Equal(v.File.Length, header.FileLength);
            Assert.Equal(
                v.Tensors.Select(t => (t.Name, t.DType, string.Join(',', t.Shape))).Order(),
                header.Tensors.Select(t => (t.Name, t.DType, string.Join(',', t.Shape))).Order());
        }, ciIterations: 1_000);
    }

    [Fact]
    public void MutatedHeaders_AreRefusedWithSafetensorsFormatException()
    {
        var mutated = ValidFile.SelectMany(v => Mutations.Of(v.File));
        new FuzzProperty("safetensors/mutated", typeof(SafetensorsFormatException)).Run(mutated, b => b.Length, bytes =>
        {
            var header = SafetensorsHeader.Parse(bytes, bytes.Length, "fuzz.safetensors");
            Assert.Equal(bytes.Length, header.FileLength);
        }, ciIterations: 3_000);
    }

    [Fact]
    public async Task MutatedHeaders_FromAStreamOfUnknownLength_AreRefusedWithSafetensorsFormatException()
    {
        var mutated = ValidFile.SelectMany(v => Mutations.Of(v.File));
        await new FuzzProperty("safetensors/stream", typeof(SafetensorsFormatException)) { AllocationBase = SafetensorsHeader.MaxHeaderBytes + (64L << 20) }
            .RunAsync(mutated, b => b.Length, async bytes =>
            {
                await using var stream = new UnseekableStream(bytes);
                await SafetensorsHeader.ReadAsync(stream, null, "fuzz.safetensors");
            }, ciIterations: 1_000);
    }

    [Fact]
    public void MutatedShardIndexes_AreRefusedWithCheckpointException()
    {
        var valid = Gen.Select(Gen.String[Gen.Char["abc.0123456789"], 1, 10].Array[1, 8], Gen.Int[1, 3]).Select((names, shards) =>
        {
            var map = string.Join(',', names.Distinct().Select((n, i) => $"\"w.{n}\":\"model-{(i % shards) + 1:00000}-of-{shards:00000}.safetensors\""));
            return Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"total_size\":128}},\"weight_map\":{{{map}}}}}");
        });
        var path = _folder.Combine(ShardIndex.FileName);
        new FuzzProperty("safetensors-index", typeof(CheckpointException)).RunValidOrMutated(valid, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            var index = ShardIndex.Read(path);
            Assert.All(index.WeightMap.Values, f => Assert.Equal(f, Path.GetFileName(f)));
        }, ciIterations: 1_500);
    }

    /// <summary>Found by the fuzzer (seed bePVdS7WR_-1): invalid UTF-8 in a tensor name passed the JSON parse and threw
    /// InvalidOperationException from the name, which no check caught as a malformed header.</summary>
    [Fact]
    public void HeaderWithInvalidUtf8InATensorName_IsRefusedWithSafetensorsFormatException()
    {
        var header = new SafetensorsWriter().Add("w", SafetensorsDType.U8, [1], new byte[1]).BuildHeader();
        var at = Array.IndexOf(header, (byte)'w');
        header[at] = 0xFE;

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsHeader.Parse([.. header, 0], header.Length + 1, "bad.safetensors"));
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Found by the fuzzer (seed 5txXF5eWJn81): the same for a shard index's tensor or file name.</summary>
    [Fact]
    public void ShardIndexWithInvalidUtf8_IsRefusedWithCheckpointException()
    {
        var path = _folder.Combine(ShardIndex.FileName);
        File.WriteAllBytes(path, [.. "{\"weight_map\":{\"w"u8, 0xFE, .. "\":\"model.safetensors\"}}"u8]);

        var error = Assert.Throws<CheckpointException>(() => ShardIndex.Read(path));
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An HTTP-like body: no length, no seeking.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
