using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Tournament.Plugins.Chain.Subtensor.Scale;

/// <summary>Encodes SCALE values into a growing buffer (compact integers in their canonical, shortest form).</summary>
public sealed class ScaleWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>How many bytes were written.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Writes raw bytes (no length prefix).</summary>
    /// <param name="bytes">The bytes.</param>
    public ScaleWriter Raw(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>Writes a u8.</summary>
    /// <param name="value">The value.</param>
    public ScaleWriter U8(byte value) => Raw([value]);

    /// <summary>Writes a little-endian u16.</summary>
    /// <param name="value">The value.</param>
    public ScaleWriter U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
        return this;
    }

    /// <summary>Writes a little-endian u32.</summary>
    /// <param name="value">The value.</param>
    public ScaleWriter U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    /// <summary>Writes a little-endian u64.</summary>
    /// <param name="value">The value.</param>
    public ScaleWriter U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    /// <summary>Writes a little-endian u128.</summary>
    /// <param name="value">The value.</param>
    public ScaleWriter U128(UInt128 value)
    {
        BinaryPrimitives.WriteUInt128LittleEndian(_buffer.GetSpan(16), value);
        _buffer.Advance(16);
        return this;
    }

    /// <summary>Writes a bool as 0 or 1.</summary>
    /// <param name="value">The value.</param>
    public ScaleWriter Bool(bool value) => U8(value ? (byte)1 : (byte)0);

    /// <summary>Writes a compact integer in its shortest form.</summary>
    /// <param name="value">The value.</param>
    public ScaleWriter Compact(UInt128 value)
    {
        if (value < 1u << 6)
        {
            return U8((byte)((uint)value << 2));
        }

        if (value < 1u << 14)
        {
            return U16((ushort)(((uint)value << 2) | 1));
        }

        if (value < 1u << 30)
        {
            return U32(((uint)value << 2) | 2);
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        int length = 16;
        while (bytes[length - 1] == 0)
        {
            length--;
        }

        U8((byte)(((length - 4) << 2) | 3));
        return Raw(bytes[..length]);
    }

    /// <summary>Writes a <c>Vec&lt;u8&gt;</c>: compact length then the bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    public ScaleWriter Bytes(ReadOnlySpan<byte> bytes) => Compact((UInt128)bytes.Length).Raw(bytes);

    /// <summary>Writes a string as its UTF-8 bytes with a compact length.</summary>
    /// <param name="value">The string.</param>
    public ScaleWriter Text(string value) => Bytes(Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a <c>Vec&lt;T&gt;</c>: compact count then each item.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items.</param>
    /// <param name="item">Writes one item.</param>
    public ScaleWriter Vec<T>(IReadOnlyCollection<T> items, Action<ScaleWriter, T> item)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(item);
        Compact((UInt128)items.Count);
        foreach (T x in items)
        {
            item(this, x);
        }

        return this;
    }

    /// <summary>Writes an <c>Option&lt;T&gt;</c>: 0 for None, 1 then the value for Some.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value, or null for None.</param>
    /// <param name="item">Writes the value.</param>
    public ScaleWriter Option<T>(T? value, Action<ScaleWriter, T> item)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(item);
        if (value is null)
        {
            return U8(0);
        }

        U8(1);
        item(this, value);
        return this;
    }
}
