using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Plugins.Chain.Subtensor.Metadata;

/// <summary>Decodes scale-info's PortableRegistry (the type table of metadata v14 and v15), bounded throughout.</summary>
internal static class TypeRegistryDecoder
{
    internal const int MaxName = 1024;
    internal const int MaxDoc = 1 << 16;
    internal const int MaxDocs = 4096;
    internal const int MaxTypes = 1 << 18;
    internal const int MaxItems = 1 << 14;

    public static MetadataType[] Decode(ref ScaleReader r)
    {
        int count = r.ReadLength(MaxTypes);
        var types = new MetadataType[count];
        for (int i = 0; i < count; i++)
        {
            uint id = r.ReadCompactU32();
            if (id != i)
            {
                throw new MetadataFormatException($"The metadata's type {i} carries id {id}; ids must be sequential.");
            }

            types[i] = ReadType(ref r, id);
        }

        return types;
    }

    public static void SkipDocs(ref ScaleReader r)
    {
        int n = r.ReadLength(MaxDocs);
        for (int i = 0; i < n; i++)
        {
            r.ReadBytes(MaxDoc);
        }
    }

    public static string Name(ref ScaleReader r) => r.ReadString(MaxName);

    public static MetadataField[] Fields(ref ScaleReader r) => r.ReadVec(MaxItems, static (ref ScaleReader x) =>
    {
        string? name = x.ReadOption(static (ref ScaleReader y) => y.ReadString(MaxName), null);
        uint type = x.ReadCompactU32();
        string? typeName = x.ReadOption(static (ref ScaleReader y) => y.ReadString(MaxName), null);
        SkipDocs(ref x);
        return new MetadataField(name, type, typeName);
    });

    private static MetadataType ReadType(ref ScaleReader r, uint id)
    {
        string[] path = r.ReadVec(64, static (ref ScaleReader x) => Name(ref x));
        _ = r.ReadVec(64, static (ref ScaleReader x) =>
        {
            _ = Name(ref x);
            return x.ReadOption(static (ref ScaleReader y) => (uint?)y.ReadCompactU32(), null);
        });
        var kind = (TypeKind)r.ReadEnumIndex(8);
        MetadataField[] fields = [];
        MetadataVariant[] variants = [];
        uint element = 0, length = 0;
        uint[] tuple = [];
        var primitive = PrimitiveKind.Bool;
        switch (kind)
        {
            case TypeKind.Composite:
                fields = Fields(ref r);
                break;
            case TypeKind.Variant:
                variants = r.ReadVec(256, static (ref ScaleReader x) =>
                {
                    string name = Name(ref x);
                    MetadataField[] f = Fields(ref x);
                    byte index = x.ReadU8();
                    SkipDocs(ref x);
                    return new MetadataVariant(name, index, f);
                });
                break;
            case TypeKind.Sequence:
            case TypeKind.Compact:
                element = r.ReadCompactU32();
                break;
            case TypeKind.Array:
                length = r.ReadU32();
                element = r.ReadCompactU32();
                break;
            case TypeKind.Tuple:
                tuple = r.ReadVec(MaxItems, static (ref ScaleReader x) => x.ReadCompactU32());
                break;
            case TypeKind.Primitive:
                primitive = (PrimitiveKind)r.ReadEnumIndex(15);
                break;
            default:
                element = r.ReadCompactU32();
                _ = r.ReadCompactU32();
                break;
        }

        SkipDocs(ref r);
        return new MetadataType(id, path, kind, fields, variants, element, length, tuple, primitive);
    }
}
