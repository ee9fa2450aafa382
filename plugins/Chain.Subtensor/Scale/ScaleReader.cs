using System.Buffers.Binary;
using System.Text;

namespace Tournament.Plugins.Chain.Subtensor.Scale;

/// <summary>Decodes one SCALE value with a <see cref="ScaleReader"/>.</summary>
/// <typeparam name="T">The decoded type.</typeparam>
/// <param name="reader">The reader positioned at the value.</param>
public delegate T ScaleDecoder<out T>(ref ScaleReader reader);

/// <summary>
/// A forward-only SCALE decoder over bytes from an untrusted source: every read is bounds-checked, compact integers
/// must be canonical (as parity-scale-codec requires), and every length is checked against a caller's bound and the
/// bytes left before anything is allocated.
/// </summary>
public ref struct ScaleReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    /// <param name="data">The encoded bytes.</param>
    public ScaleReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>The offset of the next byte.</summary>
    public readonly int Position => _position;

    /// <summary>How many bytes are left.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>Fails unless every byte was consumed (a value followed by junk is not the value).</summary>
    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw new ScaleFormatException($"SCALE value ended at byte {_position} but {Remaining} more bytes follow.");
        }
    }

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    /// <param name="count">How many bytes.</param>
    public ReadOnlySpan<byte> ReadRaw(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new ScaleFormatException($"SCALE input is truncated: {count} bytes needed at byte {_position}, {Remaining} left.");
        }

        ReadOnlySpan<byte> slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>Reads a u8.</summary>
    public byte ReadU8() => ReadRaw(1)[0];

    /// <summary>Reads a little-endian u16.</summary>
    public ushort ReadU16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadRaw(2));

    /// <summary>Reads a little-endian u32.</summary>
    public uint ReadU32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadRaw(4));

    /// <summary>Reads a little-endian u64.</summary>
    public ulong ReadU64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadRaw(8));

    /// <summary>Reads a little-endian u128.</summary>
    public UInt128 ReadU128() => BinaryPrimitives.ReadUInt128LittleEndian(ReadRaw(16));

    /// <summary>Reads a bool (0 or 1; anything else is invalid).</summary>
    public bool ReadBool()
    {
        int at = _position;
        return ReadU8() switch
        {
            0 => false,
            1 => true,
            var b => throw new ScaleFormatException($"SCALE bool at byte {at} is {b}, not 0 or 1."),
        };
    }

    /// <summary>Reads an option tag: false for None, true for Some.</summary>
    public bool ReadOptionTag()
    {
        int at = _position;
        return ReadU8() switch
        {
            0 => false,
            1 => true,
            var b => throw new ScaleFormatException($"SCALE option tag at byte {at} is {b}, not 0 or 1."),
        };
    }

    /// <summary>Reads an enum variant index, which must be below <paramref name="variantCount"/>.</summary>
    /// <param name="variantCount">How many variants the enum has.</param>
    public byte ReadEnumIndex(int variantCount)
    {
        int at = _position;
        byte index = ReadU8();
        return index < variantCount
            ? index
            : throw new ScaleFormatException($"SCALE enum variant {index} at byte {at} is out of range (the enum has {variantCount}).");
    }

    /// <summary>Reads a canonical compact integer of up to 128 bits.</summary>
    public UInt128 ReadCompact()
    {
        int at = _position;
        byte first = ReadU8();
        switch (first & 3)
        {
            case 0:
                return (UInt128)(first >> 2);
            case 1:
                {
                    uint v = (uint)(first | (ReadU8() << 8)) >> 2;
                    return v >= 1u << 6 ? v : throw NonCanonical(at);
                }

            case 2:
                {
                    uint v = (first | ((uint)ReadU8() << 8) | ((uint)ReadU16() << 16)) >> 2;
                    return v >= 1u << 14 ? v : throw NonCanonical(at);
                }

            default:
                {
                    int length = (first >> 2) + 4;
                    if (length > 16)
                    {
                        throw new ScaleFormatException($"SCALE compact at byte {at} has {length} bytes; at most 16 (u128) are supported.");
                    }

                    ReadOnlySpan<byte> bytes = ReadRaw(length);
                    if (bytes[^1] == 0)
                    {
                        throw NonCanonical(at);
                    }

                    UInt128 v = 0;
                    for (int i = length - 1; i >= 0; i--)
                    {
                        v = (v << 8) | bytes[i];
                    }

                    return v >= 1u << 30 ? v : throw NonCanonical(at);
                }
        }
    }

    /// <summary>Reads a compact integer that must fit a u64.</summary>
    public ulong ReadCompactU64()
    {
        int at = _position;
        UInt128 v = ReadCompact();
        return v <= ulong.MaxValue ? (ulong)v : throw new ScaleFormatException($"SCALE compact at byte {at} does not fit 64 bits.");
    }

    /// <summary>Reads a compact integer that must fit a u32.</summary>
    public uint ReadCompactU32()
    {
        int at = _position;
        UInt128 v = ReadCompact();
        return v <= uint.MaxValue ? (uint)v : throw new ScaleFormatException($"SCALE compact at byte {at} does not fit 32 bits.");
    }

    /// <summary>
    /// Reads a compact length prefix, bounded by <paramref name="max"/> items and by the bytes left (each item takes at
    /// least <paramref name="minItemBytes"/>), so hostile lengths never drive an allocation.
    /// </summary>
    /// <param name="max">The most items accepted.</param>
    /// <param name="minItemBytes">The fewest bytes one item encodes to (0 for zero-sized items).</param>
    public int ReadLength(int max, int minItemBytes = 1)
    {
        int at = _position;
        UInt128 n = ReadCompact();
        if (n > (UInt128)max)
        {
            throw new ScaleFormatException($"SCALE length {n} at byte {at} is over the limit of {max}.");
        }

        if (minItemBytes > 0 && n * (UInt128)minItemBytes > (UInt128)Remaining)
        {
            throw new ScaleFormatException($"SCALE input is truncated: length {n} at byte {at} needs more than the {Remaining} bytes left.");
        }

        return (int)n;
    }

    /// <summary>Reads a <c>Vec&lt;u8&gt;</c> of at most <paramref name="maxLength"/> bytes.</summary>
    /// <param name="maxLength">The most bytes accepted.</param>
    public ReadOnlySpan<byte> ReadBytes(int maxLength) => ReadRaw(ReadLength(maxLength));

    /// <summary>Reads a UTF-8 string of at most <paramref name="maxBytes"/> bytes; invalid UTF-8 is an error.</summary>
    /// <param name="maxBytes">The most bytes accepted.</param>
    public string ReadString(int maxBytes)
    {
        int at = _position;
        ReadOnlySpan<byte> bytes = ReadBytes(maxBytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ScaleFormatException($"SCALE string at byte {at} is not valid UTF-8.", ex);
        }
    }

    /// <summary>Reads a <c>Vec&lt;T&gt;</c> of at most <paramref name="maxItems"/> items.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="maxItems">The most items accepted.</param>
    /// <param name="item">Decodes one item.</param>
    /// <param name="minItemBytes">The fewest bytes one item encodes to.</param>
    public T[] ReadVec<T>(int maxItems, ScaleDecoder<T> item, int minItemBytes = 1)
    {
        ArgumentNullException.ThrowIfNull(item);
        int n = ReadLength(maxItems, minItemBytes);
        var items = new T[n];
        for (int i = 0; i < n; i++)
        {
            items[i] = item(ref this);
        }

        return items;
    }

    /// <summary>Reads an <c>Option&lt;T&gt;</c>; None is <paramref name="none"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="item">Decodes the value.</param>
    /// <param name="none">The value for None.</param>
    public T ReadOption<T>(ScaleDecoder<T> item, T none)
    {
        ArgumentNullException.ThrowIfNull(item);
        return ReadOptionTag() ? item(ref this) : none;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ScaleFormatException NonCanonical(int at)
        => new($"SCALE compact at byte {at} is not in its shortest form.");
}
