using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Plugins.Chain.Subtensor.Metadata;

/// <summary>Decodes SCALE bytes by a metadata type id into a <see cref="ScaleValue"/>, bounded in depth and size.</summary>
public static class ScaleValueDecoder
{
    private const int MaxDepth = 48;
    private const int MaxItems = 1 << 20;

    /// <summary>Decodes one value of type <paramref name="typeId"/>.</summary>
    /// <param name="metadata">The runtime metadata that defines the type.</param>
    /// <param name="typeId">The type.</param>
    /// <param name="reader">The reader positioned at the value.</param>
    public static ScaleValue Decode(RuntimeMetadata metadata, uint typeId, ref ScaleReader reader)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return Decode(metadata, typeId, ref reader, 0);
    }

    /// <summary>Decodes bytes that must hold exactly one value of type <paramref name="typeId"/>.</summary>
    /// <param name="metadata">The runtime metadata.</param>
    /// <param name="typeId">The type.</param>
    /// <param name="bytes">The encoded value.</param>
    public static ScaleValue DecodeAll(RuntimeMetadata metadata, uint typeId, ReadOnlySpan<byte> bytes)
    {
        var reader = new ScaleReader(bytes);
        ScaleValue value = Decode(metadata, typeId, ref reader);
        reader.EnsureEnd();
        return value;
    }

    private static ScaleValue Decode(RuntimeMetadata metadata, uint typeId, ref ScaleReader r, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ScaleFormatException($"The value nests deeper than {MaxDepth} levels.");
        }

        MetadataType t = metadata.Type(typeId);
        switch (t.Kind)
        {
            case TypeKind.Composite:
                return new ScaleValue.Composite(Fields(metadata, t.Fields, ref r, depth));
            case TypeKind.Variant:
                {
                    int at = r.Position;
                    byte index = r.ReadU8();
                    foreach (MetadataVariant v in t.Variants)
                    {
                        if (v.Index == index)
                        {
                            return new ScaleValue.Variant(v.Name, index, Fields(metadata, v.Fields, ref r, depth));
                        }
                    }

                    throw new ScaleFormatException($"Variant {index} at byte {at} is not one of type {string.Join("::", t.Path)}.");
                }

            case TypeKind.Sequence:
                return Items(metadata, t.Element, r.ReadLength(MaxItems, IsZeroSized(metadata, t.Element) ? 0 : 1), ref r, depth);
            case TypeKind.Array:
                return Items(metadata, t.Element, t.Length <= MaxItems ? (int)t.Length : throw new ScaleFormatException($"Array of {t.Length} items is over the limit."), ref r, depth);
            case TypeKind.Tuple:
                {
                    var items = new ScaleValue[t.TupleTypes.Count];
                    for (int i = 0; i < items.Length; i++)
                    {
                        items[i] = Decode(metadata, t.TupleTypes[i], ref r, depth + 1);
                    }

                    return new ScaleValue.Sequence(items);
                }

            case TypeKind.Primitive:
                return Primitive(t.Primitive, ref r);
            case TypeKind.Compact:
                return new ScaleValue.Number(r.ReadCompact());
            default:
                throw new ScaleFormatException("Bit sequences are not supported.");
        }
    }

    private static (string?, ScaleValue)[] Fields(RuntimeMetadata metadata, IReadOnlyList<MetadataField> fields, ref ScaleReader r, int depth)
    {
        var values = new (string?, ScaleValue)[fields.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (fields[i].Name, Decode(metadata, fields[i].TypeId, ref r, depth + 1));
        }

        return values;
    }

    private static ScaleValue Items(RuntimeMetadata metadata, uint element, int count, ref ScaleReader r, int depth)
    {
        if (metadata.Type(element) is { Kind: TypeKind.Primitive, Primitive: PrimitiveKind.U8 })
        {
            return new ScaleValue.Bytes(r.ReadRaw(count).ToArray());
        }

        var items = new ScaleValue[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = Decode(metadata, element, ref r, depth + 1);
        }

        return new ScaleValue.Sequence(items);
    }

    private static bool IsZeroSized(RuntimeMetadata metadata, uint typeId)
        => metadata.Type(typeId) is { Kind: TypeKind.Composite, Fields.Count: 0 } or { Kind: TypeKind.Tuple, TupleTypes.Count: 0 };

    private static ScaleValue Primitive(PrimitiveKind kind, ref ScaleReader r) => kind switch
    {
        PrimitiveKind.Bool => new ScaleValue.Flag(r.ReadBool()),
        PrimitiveKind.Str => new ScaleValue.Text(r.ReadString(1 << 20)),
        PrimitiveKind.U8 => new ScaleValue.Number(r.ReadU8()),
        PrimitiveKind.U16 => new ScaleValue.Number(r.ReadU16()),
        PrimitiveKind.U32 => new ScaleValue.Number(r.ReadU32()),
        PrimitiveKind.U64 => new ScaleValue.Number(r.ReadU64()),
        PrimitiveKind.U128 => new ScaleValue.Number(r.ReadU128()),
        PrimitiveKind.I8 => new ScaleValue.SignedNumber((sbyte)r.ReadU8()),
        PrimitiveKind.I16 => new ScaleValue.SignedNumber((short)r.ReadU16()),
        PrimitiveKind.I32 => new ScaleValue.SignedNumber((int)r.ReadU32()),
        PrimitiveKind.I64 => new ScaleValue.SignedNumber((long)r.ReadU64()),
        _ => throw new ScaleFormatException($"Primitive {kind} is not supported."),
    };
}
