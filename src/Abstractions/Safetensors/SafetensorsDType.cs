namespace Tournament.Abstractions;

/// <summary>Tensor element types of the safetensors format.</summary>
public enum SafetensorsDType
{
    /// <summary>Boolean, one byte.</summary>
    BOOL,

    /// <summary>Unsigned 8-bit integer.</summary>
    U8,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>Signed 16-bit integer.</summary>
    I16,

    /// <summary>Unsigned 16-bit integer.</summary>
    U16,

    /// <summary>IEEE half precision.</summary>
    F16,

    /// <summary>bfloat16.</summary>
    BF16,

    /// <summary>Signed 32-bit integer.</summary>
    I32,

    /// <summary>Unsigned 32-bit integer.</summary>
    U32,

    /// <summary>IEEE single precision.</summary>
    F32,

    /// <summary>IEEE double precision.</summary>
    F64,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Unsigned 64-bit integer.</summary>
    U64,

    /// <summary>8-bit float, E4M3.</summary>
    F8_E4M3,

    /// <summary>8-bit float, E5M2.</summary>
    F8_E5M2,
}

/// <summary>Facts about <see cref="SafetensorsDType"/> values.</summary>
public static class SafetensorsDTypes
{
    private static readonly Dictionary<string, SafetensorsDType> ByName =
        Enum.GetValues<SafetensorsDType>().ToDictionary(d => d.ToString(), StringComparer.Ordinal);

    /// <summary>The size of one element in bytes.</summary>
    /// <param name="dtype">The dtype.</param>
    public static int SizeOf(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.BOOL or SafetensorsDType.U8 or SafetensorsDType.I8 or SafetensorsDType.F8_E4M3 or SafetensorsDType.F8_E5M2 => 1,
        SafetensorsDType.I16 or SafetensorsDType.U16 or SafetensorsDType.F16 or SafetensorsDType.BF16 => 2,
        SafetensorsDType.I32 or SafetensorsDType.U32 or SafetensorsDType.F32 => 4,
        SafetensorsDType.F64 or SafetensorsDType.I64 or SafetensorsDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>Parses the header spelling (e.g. <c>"BF16"</c>), case-sensitive as the format specifies.</summary>
    /// <param name="text">The text.</param>
    /// <param name="dtype">The dtype when known.</param>
    public static bool TryParse(string? text, out SafetensorsDType dtype)
    {
        dtype = default;
        return text is not null && ByName.TryGetValue(text, out dtype);
    }

    /// <summary>True for the floating-point dtypes a full-precision or half-precision checkpoint uses (F16, BF16, F32).</summary>
    /// <param name="dtype">The dtype.</param>
    public static bool IsUnquantizedFloat(SafetensorsDType dtype) =>
        dtype is SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F32;
}
