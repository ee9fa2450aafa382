using System.Buffers.Binary;
using System.Text;
using Tournament.Abstractions;

namespace Tournament.Abstractions.Tests;

public sealed class SafetensorsHeaderTests
{
    private static byte[] File(string json, int dataBytes, int trailing = 0, ulong? lengthOverride = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes + trailing];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, lengthOverride ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        Random.Shared.NextBytes(bytes.AsSpan(8 + header.Length));
        return bytes;
    }

    private static SafetensorsHeader Parse(byte[] bytes) => SafetensorsHeader.Parse(bytes, bytes.Length, "model.safetensors");

    private static SafetensorsFormatException Fails(byte[] bytes) => Assert.Throws<SafetensorsFormatException>(() => Parse(bytes));

    [Fact]
    public void Parse_ValidHeader_ReadsTensorsMetadataAndCounts()
    {
        const string json = "{\"__metadata__\":{\"format\":\"pt\"},\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[24,30]},\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}   ";
        var header = Parse(File(json, 30));
        Assert.Equal(["a", "b"], header.Tensors.Select(t => t.Name));
        Assert.Equal(9, header.ParameterCount);
        Assert.Equal("pt", header.Metadata["format"]);
        Assert.Equal(SafetensorsDType.BF16, header.Tensors[1].DType);
        Assert.Equal(8 + json.Length + 30, header.FileLength);
    }

    [Fact]
    public void Parse_ScalarAndEmptyTensors_AreValid()
    {
        const string json = "{\"s\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},\"e\":{\"dtype\":\"F16\",\"shape\":[0,4],\"data_offsets\":[8,8]}}";
        var header = Parse(File(json, 8));
        Assert.Equal(1, header.ParameterCount);
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "data_offsets", "overlapping")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20, "data_offsets", "gap")]
    [InlineData("{\"w\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "dtype", "unknown dtype 'Q4'")]
    [InlineData("{\"w\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "dtype", "unknown dtype")]
    [InlineData("{\"w\":{\"dtype\":\"5\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "dtype", "unknown dtype")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[NaN],\"data_offsets\":[0,8]}}", 8, "header", "invalid JSON")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"NaN\"],\"data_offsets\":[0,8]}}", 8, "shape[0]", "not a non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "shape[0]", "not a non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8, "shape[0]", "not a non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "data_offsets", "needs 12")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "data_offsets", "before begin")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8, "data_offsets", "exactly [begin, end]")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,8]}}", 8, "shape", "overflows")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "data_offsets", "missing")]
    [InlineData("{\"w\":[1,2]}", 8, "tensor 'w'", "must be an object")]
    [InlineData("{\"__metadata__\":{\"a\":1}}", 0, "__metadata__.a", "must be a string")]
    [InlineData("[1,2,3]", 0, "header", "must start with '{'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "tensor 'w'", "appears twice")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", 8, "header", "invalid JSON")]
    public void Parse_HostileHeader_NamesFileAndField(string json, int dataBytes, string field, string problem)
    {
        var ex = Fails(File(json, dataBytes));
        Assert.StartsWith("model.safetensors: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrailingGarbage_IsRejected()
    {
        var ex = Fails(File("{\"w\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 4, trailing: 3));
        Assert.Contains("3 trailing bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TruncatedData_IsRejected()
    {
        var bytes = File("{\"w\":{\"dtype\":\"U8\",\"shape\":[400],\"data_offsets\":[0,400]}}", 400);
        var ex = Assert.Throws<SafetensorsFormatException>(() => SafetensorsHeader.Parse(bytes, bytes.Length - 10, "m.safetensors"));
        Assert.Equal("file length", ex.Field);
    }

    [Fact]
    public void Parse_HeaderLengthPastEnd_IsRejectedWithoutAllocating()
    {
        var ex = Fails(File("{}", 0, lengthOverride: 1_000));
        Assert.Equal("header length", ex.Field);
        Assert.Contains("past the end", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HundredMegabyteHeaderLength_IsRejectedByTheBound()
    {
        var ex = Fails(File("{}", 0, lengthOverride: 100_000_001));
        Assert.Contains("exceeds the 100000000-byte limit", ex.Message, StringComparison.Ordinal);
        var huge = Fails(File("{}", 0, lengthOverride: ulong.MaxValue));
        Assert.Equal("header length", huge.Field);
    }

    [Fact]
    public void Parse_ShorterThanPrefix_IsRejected()
    {
        var ex = Assert.Throws<SafetensorsFormatException>(() => SafetensorsHeader.Parse(new byte[5], 5, "tiny.safetensors"));
        Assert.Equal("header length", ex.Field);
    }

    [Fact]
    public async Task ReadAsync_TruncatedStream_IsRejected()
    {
        var bytes = File("{\"w\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 4);
        using var stream = new NonSeekableStream(bytes.AsMemory(0, 20).ToArray());
        var ex = await Assert.ThrowsAsync<SafetensorsFormatException>(() => SafetensorsHeader.ReadAsync(stream, null, "http://host/m.safetensors"));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FromNonSeekableStream_ReadsOnlyTheHeader()
    {
        var bytes = File("{\"w\":{\"dtype\":\"F32\",\"shape\":[1000],\"data_offsets\":[0,4000]}}", 4000);
        using var stream = new NonSeekableStream(bytes);
        var header = await SafetensorsHeader.ReadAsync(stream, bytes.Length, "remote");
        Assert.Equal(1000, header.ParameterCount);
        Assert.Equal(header.DataOffset, stream.BytesRead);
    }

    [Fact]
    public void Parse_RandomGarbage_NeverThrowsAnythingButFormatErrors()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length >= 8 && random.Next(2) == 0)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)random.Next(0, bytes.Length - 7));
            }

            try
            {
                SafetensorsHeader.Parse(bytes, bytes.Length, "fuzz");
            }
            catch (SafetensorsFormatException)
            {
            }
        }
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public long BytesRead => Position;

        public override bool CanSeek => false;
    }
}
