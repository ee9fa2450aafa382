using Tournament.Abstractions;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Tests.Safetensors;

public sealed class SafetensorsHostileFileTests
{
    private const string Valid = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "data_offsets")]
    [InlineData("""{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}""", 8, "dtype")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8, "shape[0]")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", 8, "shape[0]")]
    [InlineData("""{"a":{"dtype":"F32","shape":["2"],"data_offsets":[0,8]}}""", 8, "shape[0]")]
    [InlineData("""{"a":{"dtype":"F32","shape":[NaN],"data_offsets":[0,8]}}""", 8, "header")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "tensor 'a'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "data_offsets")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}}""", 8, "shape")]
    [InlineData("""[1,2,3]""", 0, "header")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "data_offsets")]
    public void Open_MalformedHeader_ThrowsNamingFileAndField(string json, int dataBytes, string field)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("bad.safetensors");
        RawSafetensors.Write(path, json, dataBytes);

        var ex = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(field, ex.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TruncatedData_ThrowsFileLength()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("t.safetensors");
        RawSafetensors.Write(path, Valid, 5);
        Assert.Equal("file length", Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path)).Field);
    }

    [Fact]
    public void Open_TrailingGarbage_ThrowsFileLength()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("t.safetensors");
        RawSafetensors.Write(path, Valid, 8, tail: [1, 2, 3]);
        Assert.Equal("file length", Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path)).Field);
    }

    [Theory]
    [InlineData(1000UL)]
    [InlineData(150_000_000UL)]
    [InlineData(ulong.MaxValue)]
    public void Open_HeaderLengthPastEndOrHuge_ThrowsWithoutAllocating(ulong length)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("h.safetensors");
        RawSafetensors.Write(path, Valid, 8, headerLength: length);
        var ex = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Equal("header length", ex.Field);
    }

    [Fact]
    public void Open_FileShorterThanPrefix_Throws()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("s.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal("header length", Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path)).Field);
    }

    [Fact]
    public void GetBytes_OutOfRangeSliceOrUnknownName_Throws()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("v.safetensors");
        RawSafetensors.Write(path, Valid, 8);
        using var file = SafetensorsFile.Open(path);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.GetBytes("a", 4, 8).Length);
        Assert.Throws<KeyNotFoundException>(() => file.GetBytes("zzz").Length);
    }
}
