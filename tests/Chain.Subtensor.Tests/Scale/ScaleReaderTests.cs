using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Chain.Subtensor.Tests.Scale;

/// <summary>Hostile SCALE input: every bad byte is one clear <see cref="ScaleFormatException"/>, never an allocation.</summary>
public sealed class ScaleReaderTests
{
    [Theory]
    [InlineData("01 00")] // 0 in two-byte mode
    [InlineData("02 00 00 00")] // 0 in four-byte mode
    [InlineData("fe ff 00 00")] // 16383 in four-byte mode
    [InlineData("03 ff ff ff 00")] // below 2^30 in big-integer mode
    [InlineData("07 00 00 00 01 00")] // trailing zero byte in big-integer mode
    public void ReadCompact_NonCanonical_Throws(string hex)
    {
        var ex = Assert.Throws<ScaleFormatException>(() => Read(hex, static (ref ScaleReader r) => r.ReadCompact()));
        Assert.Contains("shortest form", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCompact_MoreThan128Bits_Throws()
    {
        string hex = "37 " + string.Concat(Enumerable.Repeat("ff ", 17));
        var ex = Assert.Throws<ScaleFormatException>(() => Read(hex, static (ref ScaleReader r) => r.ReadCompact()));
        Assert.Contains("at most 16", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("02 00 01")]
    [InlineData("0b 00 00 00")]
    public void ReadCompact_Truncated_Throws(string hex)
    {
        var ex = Assert.Throws<ScaleFormatException>(() => Read(hex, static (ref ScaleReader r) => r.ReadCompact()));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBytes_LengthOverLimit_ThrowsBeforeReading()
    {
        // A 4-billion-item length with nothing behind it: rejected on the bound, nothing allocated.
        var ex = Assert.Throws<ScaleFormatException>(() => Read("03 00 00 00 f0", static (ref ScaleReader r) => r.ReadBytes(1 << 20).Length));
        Assert.Contains("over the limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVec_LengthLongerThanInput_ThrowsTruncated()
    {
        var ex = Assert.Throws<ScaleFormatException>(() => Read("fd 03 01 02", static (ref ScaleReader r) => r.ReadVec(1000, static (ref ScaleReader x) => x.ReadU16(), 2).Length));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("02")]
    [InlineData("ff")]
    public void ReadBoolAndOption_BadTag_Throws(string hex)
    {
        Assert.Throws<ScaleFormatException>(() => Read(hex, static (ref ScaleReader r) => r.ReadBool()));
        Assert.Throws<ScaleFormatException>(() => Read(hex, static (ref ScaleReader r) => r.ReadOptionTag()));
    }

    [Fact]
    public void ReadEnumIndex_OutOfRange_Throws()
    {
        Assert.Equal(2, Read("02", static (ref ScaleReader r) => r.ReadEnumIndex(3)));
        var ex = Assert.Throws<ScaleFormatException>(() => Read("03", static (ref ScaleReader r) => r.ReadEnumIndex(3)));
        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadString_InvalidUtf8_Throws()
    {
        var ex = Assert.Throws<ScaleFormatException>(() => Read("08 c3 28", static (ref ScaleReader r) => r.ReadString(64)));
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureEnd_TrailingBytes_Throws()
    {
        var ex = Assert.Throws<ScaleFormatException>(() =>
        {
            var r = new ScaleReader(Convert.FromHexString("010203"));
            r.ReadU8();
            r.EnsureEnd();
        });
        Assert.Contains("2 more bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOption_SomeAndNone_Decode()
    {
        Assert.Equal("abc", Read("01 0c 61 62 63", static (ref ScaleReader r) => r.ReadOption(static (ref ScaleReader x) => x.ReadString(16), "none")));
        Assert.Equal("none", Read("00", static (ref ScaleReader r) => r.ReadOption(static (ref ScaleReader x) => x.ReadString(16), "none")));
    }

    [Fact]
    public void ReadFixedWidth_LittleEndian()
    {
        Assert.Equal(0x0201, Read("01 02", static (ref ScaleReader r) => r.ReadU16()));
        Assert.Equal(0x04030201u, Read("01 02 03 04", static (ref ScaleReader r) => r.ReadU32()));
        Assert.Equal(0x0807060504030201ul, Read("01 02 03 04 05 06 07 08", static (ref ScaleReader r) => r.ReadU64()));
    }

    private static T Read<T>(string hex, ScaleDecoder<T> decode)
    {
        var reader = new ScaleReader(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
        T value = decode(ref reader);
        reader.EnsureEnd();
        return value;
    }
}
