using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Plugins.Chain.Subtensor.Metadata;

/// <summary>
/// Encodes a <see cref="ScaleValue"/> as the metadata type <c>typeId</c> says (the inverse of
/// <see cref="ScaleValueDecoder"/>), so call arguments follow the runtime's types rather than assumed ones. A value
/// whose shape does not fit the type is refused with one sentence.
/// </summary>
public static class ScaleValueEncoder
{
    /// <summary>Encodes <paramref name="value"/> as type <paramref name="typeId"/> into <paramref name="writer"/>.</summary>
    /// <param name="metadata">The runtime metadata.</param>
    /// <param name="typeId">The type.</param>
    /// <param name="value">The value.</param>
    /// <param name="writer">The output.</param>
    public static void Encode(RuntimeMetadata metadata, uint typeId, ScaleValue value, ScaleWriter writer)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(writer);
        MetadataType t = metadata.Type(typeId);
        switch (t.Kind)
        {
            case TypeKind.Composite when value is ScaleValue.Composite c && c.Fields.Count == t.Fields.Count:
                for (int i = 0; i < c.Fields.Count; i++)
                {
                    Encode(metadata, t.Fields[i].TypeId, c.Fields[i].Value, writer);
                }

                return;
            case TypeKind.Composite when t.Fields.Count == 1:
                // A newtype (NetUid(u16), BoundedVec<T>): the bare inner value stands for it.
                Encode(metadata, t.Fields[0].TypeId, value, writer);
                return;
            case TypeKind.Variant when value is ScaleValue.Variant v:
                MetadataVariant variant = t.Variants.FirstOrDefault(x => x.Name == v.Name) ?? throw Mismatch(t, value);
                writer.U8(variant.Index);
                if (variant.Fields.Count != v.Fields.Count)
                {
                    throw Mismatch(t, value);
                }

                for (int i = 0; i < v.Fields.Count; i++)
                {
                    Encode(metadata, variant.Fields[i].TypeId, v.Fields[i].Value, writer);
                }

                return;
            case TypeKind.Sequence or TypeKind.Array:
                EncodeItems(metadata, t, value, writer);
                return;
            case TypeKind.Tuple when value is ScaleValue.Sequence s && s.Items.Count == t.TupleTypes.Count:
                for (int i = 0; i < s.Items.Count; i++)
                {
                    Encode(metadata, t.TupleTypes[i], s.Items[i], writer);
                }

                return;
            case TypeKind.Primitive:
                EncodePrimitive(t, value, writer);
                return;
            case TypeKind.Compact when value is ScaleValue.Number n:
                writer.Compact(n.Value);
                return;
            default:
                throw Mismatch(t, value);
        }
    }

    private static void EncodeItems(RuntimeMetadata metadata, MetadataType t, ScaleValue value, ScaleWriter writer)
    {
        bool isBytes = metadata.Type(t.Element) is { Kind: TypeKind.Primitive, Primitive: PrimitiveKind.U8 };
        int count = value switch
        {
            ScaleValue.Bytes b when isBytes => b.Value.Length,
            ScaleValue.Sequence s => s.Items.Count,
            _ => throw Mismatch(t, value),
        };
        if (t.Kind == TypeKind.Array && count != t.Length)
        {
            throw new ArgumentException($"Type {string.Join("::", t.Path)} is an array of {t.Length}, not {count}.", nameof(value));
        }

        if (t.Kind == TypeKind.Sequence)
        {
            writer.Compact((UInt128)count);
        }

        if (value is ScaleValue.Bytes bytes)
        {
            writer.Raw(bytes.Value);
            return;
        }

        foreach (ScaleValue item in ((ScaleValue.Sequence)value).Items)
        {
            Encode(metadata, t.Element, item, writer);
        }
    }

    private static void EncodePrimitive(MetadataType t, ScaleValue value, ScaleWriter writer)
    {
        switch (t.Primitive, value)
        {
            case (PrimitiveKind.Bool, ScaleValue.Flag f):
                writer.Bool(f.Value);
                return;
            case (PrimitiveKind.Str, ScaleValue.Text s):
                writer.Text(s.Value);
                return;
            case (PrimitiveKind.U8, ScaleValue.Number n) when n.Value <= byte.MaxValue:
                writer.U8((byte)n.Value);
                return;
            case (PrimitiveKind.U16, ScaleValue.Number n) when n.Value <= ushort.MaxValue:
                writer.U16((ushort)n.Value);
                return;
            case (PrimitiveKind.U32, ScaleValue.Number n) when n.Value <= uint.MaxValue:
                writer.U32((uint)n.Value);
                return;
            case (PrimitiveKind.U64, ScaleValue.Number n) when n.Value <= ulong.MaxValue:
                writer.U64((ulong)n.Value);
                return;
            case (PrimitiveKind.U128, ScaleValue.Number n):
                writer.U128(n.Value);
                return;
            case (PrimitiveKind.I8, ScaleValue.SignedNumber n) when n.Value is >= sbyte.MinValue and <= sbyte.MaxValue:
                writer.U8(unchecked((byte)(sbyte)n.Value));
                return;
            case (PrimitiveKind.I16, ScaleValue.SignedNumber n) when n.Value is >= short.MinValue and <= short.MaxValue:
                writer.U16(unchecked((ushort)(short)n.Value));
                return;
            case (PrimitiveKind.I32, ScaleValue.SignedNumber n) when n.Value is >= int.MinValue and <= int.MaxValue:
                writer.U32(unchecked((uint)(int)n.Value));
                return;
            case (PrimitiveKind.I64, ScaleValue.SignedNumber n):
                writer.U64(unchecked((ulong)n.Value));
                return;
            default:
                throw Mismatch(t, value);
        }
    }

    private static ArgumentException Mismatch(MetadataType t, ScaleValue value)
        => new($"A {value.GetType().Name} value does not fit the runtime's type {(t.Path.Count > 0 ? string.Join("::", t.Path) : t.Kind.ToString())}.", nameof(value));
}
