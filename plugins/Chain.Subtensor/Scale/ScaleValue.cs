namespace Tournament.Plugins.Chain.Subtensor.Scale;

/// <summary>A SCALE value decoded by its metadata type: the shape the runtime says, not one hard-coded here.</summary>
public abstract record ScaleValue
{
    /// <summary>A struct or tuple-struct: fields in order, named when the type names them.</summary>
    /// <param name="Fields">The fields.</param>
    public sealed record Composite(IReadOnlyList<(string? Name, ScaleValue Value)> Fields) : ScaleValue
    {
        /// <summary>The field named <paramref name="name"/>, or a one-sentence error.</summary>
        /// <param name="name">The field's name.</param>
        public ScaleValue Field(string name)
        {
            foreach ((string? n, ScaleValue v) in Fields)
            {
                if (n == name)
                {
                    return v;
                }
            }

            throw new ScaleFormatException($"The decoded value has no field '{name}'.");
        }
    }

    /// <summary>An enum variant with its fields.</summary>
    /// <param name="Name">The variant's name.</param>
    /// <param name="Index">Its index.</param>
    /// <param name="Fields">Its fields.</param>
    public sealed record Variant(string Name, byte Index, IReadOnlyList<(string? Name, ScaleValue Value)> Fields) : ScaleValue;

    /// <summary>A sequence, array or tuple (of anything but bytes).</summary>
    /// <param name="Items">The items.</param>
    public sealed record Sequence(IReadOnlyList<ScaleValue> Items) : ScaleValue;

    /// <summary>A sequence or array of u8.</summary>
    /// <param name="Value">The bytes.</param>
    public sealed record Bytes(byte[] Value) : ScaleValue;

    /// <summary>An unsigned integer (fixed-width or compact) of up to 128 bits.</summary>
    /// <param name="Value">The value.</param>
    public sealed record Number(UInt128 Value) : ScaleValue;

    /// <summary>A signed integer of up to 64 bits.</summary>
    /// <param name="Value">The value.</param>
    public sealed record SignedNumber(long Value) : ScaleValue;

    /// <summary>A bool.</summary>
    /// <param name="Value">The value.</param>
    public sealed record Flag(bool Value) : ScaleValue;

    /// <summary>A string.</summary>
    /// <param name="Value">The value.</param>
    public sealed record Text(string Value) : ScaleValue;

    /// <summary>The value inside newtype wrappers (one-field composites such as <c>BoundedVec</c>).</summary>
    public ScaleValue Unwrap()
    {
        ScaleValue v = this;
        while (v is Composite { Fields: [(_, var inner)] })
        {
            v = inner;
        }

        return v;
    }

    /// <summary>The value as an unsigned integer that fits a u64, or a one-sentence error.</summary>
    public ulong AsU64() => this is Number { Value: var v } && v <= ulong.MaxValue
        ? (ulong)v
        : throw new ScaleFormatException($"Expected an unsigned integer, found {GetType().Name}.");

    /// <summary>The value as bytes (a byte sequence, or a one-field composite around one), or a one-sentence error.</summary>
    public byte[] AsBytes() => this switch
    {
        Bytes b => b.Value,
        Composite { Fields: [(_, var inner)] } => inner.AsBytes(),
        _ => throw new ScaleFormatException($"Expected bytes, found {GetType().Name}."),
    };
}
