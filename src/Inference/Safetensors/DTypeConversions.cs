using System.Buffers.Binary;
using Tournament.Abstractions;

namespace Tournament.Inference.Safetensors;

/// <summary>Converts little-endian safetensors element bytes to float32 and back (BF16, F16, F32, F64).</summary>
public static class DTypeConversions
{
    /// <summary>True for the dtypes these helpers convert.</summary>
    /// <param name="dtype">The dtype.</param>
    public static bool IsFloat(SafetensorsDType dtype) =>
        dtype is SafetensorsDType.BF16 or SafetensorsDType.F16 or SafetensorsDType.F32 or SafetensorsDType.F64;

    /// <summary>Decodes <c>destination.Length</c> elements.</summary>
    /// <param name="source">Element bytes (at least destination.Length × size).</param>
    /// <param name="dtype">BF16, F16, F32 or F64.</param>
    /// <param name="destination">The float32 values.</param>
    public static void ToFloat32(ReadOnlySpan<byte> source, SafetensorsDType dtype, Span<float> destination)
    {
        var size = SafetensorsDTypes.SizeOf(dtype);
        if (source.Length < (long)destination.Length * size)
        {
            throw new ArgumentException($"{source.Length} bytes hold fewer than {destination.Length} {dtype} elements.", nameof(source));
        }

        switch (dtype)
        {
            case SafetensorsDType.BF16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]) << 16);
                }

                break;
            case SafetensorsDType.F16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
                }

                break;
            case SafetensorsDType.F32:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                }

                break;
            case SafetensorsDType.F64:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                }

                break;
            default:
                throw new NotSupportedException($"{dtype} is not a floating-point dtype.");
        }
    }

    /// <summary>Decodes a whole byte span into a new float32 array.</summary>
    /// <param name="source">Element bytes.</param>
    /// <param name="dtype">BF16, F16, F32 or F64.</param>
    public static float[] ToFloat32(ReadOnlySpan<byte> source, SafetensorsDType dtype)
    {
        var result = new float[source.Length / SafetensorsDTypes.SizeOf(dtype)];
        ToFloat32(source, dtype, result);
        return result;
    }

    /// <summary>Decodes one element.</summary>
    /// <param name="source">Element bytes.</param>
    /// <param name="dtype">BF16, F16, F32 or F64.</param>
    /// <param name="index">Element index.</param>
    public static float ElementToFloat32(ReadOnlySpan<byte> source, SafetensorsDType dtype, long index)
    {
        var size = SafetensorsDTypes.SizeOf(dtype);
        Span<float> one = stackalloc float[1];
        ToFloat32(source.Slice(checked((int)(index * size)), size), dtype, one);
        return one[0];
    }

    /// <summary>Encodes float32 values; BF16 rounds to nearest even (NaN stays NaN), F16 uses IEEE rounding.</summary>
    /// <param name="source">The values.</param>
    /// <param name="dtype">BF16, F16, F32 or F64.</param>
    /// <param name="destination">At least source.Length × size bytes.</param>
    public static void FromFloat32(ReadOnlySpan<float> source, SafetensorsDType dtype, Span<byte> destination)
    {
        var size = SafetensorsDTypes.SizeOf(dtype);
        if (destination.Length < (long)source.Length * size)
        {
            throw new ArgumentException($"{destination.Length} bytes cannot hold {source.Length} {dtype} elements.", nameof(destination));
        }

        for (var i = 0; i < source.Length; i++)
        {
            var v = source[i];
            switch (dtype)
            {
                case SafetensorsDType.BF16:
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(2 * i)..], ToBFloat16Bits(v));
                    break;
                case SafetensorsDType.F16:
                    BinaryPrimitives.WriteHalfLittleEndian(destination[(2 * i)..], (Half)v);
                    break;
                case SafetensorsDType.F32:
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], v);
                    break;
                case SafetensorsDType.F64:
                    BinaryPrimitives.WriteDoubleLittleEndian(destination[(8 * i)..], v);
                    break;
                default:
                    throw new NotSupportedException($"{dtype} is not a floating-point dtype.");
            }
        }
    }

    /// <summary>Encodes float32 values into a new byte array.</summary>
    /// <param name="source">The values.</param>
    /// <param name="dtype">BF16, F16, F32 or F64.</param>
    public static byte[] FromFloat32(ReadOnlySpan<float> source, SafetensorsDType dtype)
    {
        var result = new byte[source.Length * SafetensorsDTypes.SizeOf(dtype)];
        FromFloat32(source, dtype, result);
        return result;
    }

    /// <summary>The bfloat16 bit pattern of a float32, rounded to nearest even; NaN maps to a quiet NaN.</summary>
    /// <param name="value">The value.</param>
    public static ushort ToBFloat16Bits(float value)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }

        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
