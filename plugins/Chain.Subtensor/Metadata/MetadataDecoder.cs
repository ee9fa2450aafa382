using System.Buffers.Binary;
using Tournament.Plugins.Chain.Subtensor.Hashing;
using Tournament.Plugins.Chain.Subtensor.Scale;
using static Tournament.Plugins.Chain.Subtensor.Metadata.TypeRegistryDecoder;

namespace Tournament.Plugins.Chain.Subtensor.Metadata;

/// <summary>
/// Decodes runtime metadata v14 and v15 ("meta" magic, version byte, then the versioned body) from bytes a node sent:
/// every length bounded, every type reference checked, the whole input consumed.
/// </summary>
public static class MetadataDecoder
{
    /// <summary>The largest metadata accepted (Subtensor's is about 300 KB).</summary>
    public const int MaxBytes = 32 << 20;

    private const uint Magic = 0x6174656d; // "meta", little-endian

    /// <summary>Decodes metadata as <c>state_getMetadata</c> returns it.</summary>
    /// <param name="bytes">The metadata bytes.</param>
    public static RuntimeMetadata Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new MetadataFormatException($"The metadata is {bytes.Length} bytes, over the limit of {MaxBytes}.");
        }

        try
        {
            var r = new ScaleReader(bytes);
            if (bytes.Length < 5 || BinaryPrimitives.ReadUInt32LittleEndian(r.ReadRaw(4)) != Magic)
            {
                throw new MetadataFormatException("The bytes are not runtime metadata (no \"meta\" magic).");
            }

            int version = r.ReadU8();
            if (version is not (14 or 15))
            {
                throw new MetadataFormatException($"Runtime metadata v{version} is not supported; v14 and v15 are.");
            }

            RuntimeMetadata metadata = DecodeBody(ref r, version);
            r.EnsureEnd();
            return metadata;
        }
        catch (ScaleFormatException ex)
        {
            throw new MetadataFormatException($"The runtime metadata is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>Decodes the answer of <c>Metadata_metadata_at_version</c>: <c>Option&lt;OpaqueMetadata&gt;</c>.</summary>
    /// <param name="bytes">The state_call result bytes.</param>
    public static RuntimeMetadata DecodeAtVersion(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> inner;
        try
        {
            var r = new ScaleReader(bytes);
            if (!r.ReadOptionTag())
            {
                throw new MetadataFormatException("The node does not have metadata at the requested version.");
            }

            inner = r.ReadBytes(MaxBytes);
            r.EnsureEnd();
        }
        catch (ScaleFormatException ex)
        {
            throw new MetadataFormatException($"The versioned metadata answer is malformed: {ex.Message}", ex);
        }

        return Decode(inner);
    }

    private static RuntimeMetadata DecodeBody(ref ScaleReader r, int version)
    {
        MetadataType[] types = TypeRegistryDecoder.Decode(ref r);
        MetadataTypeChecks.Validate(types);
        PalletMetadata[] pallets = r.ReadVec(256, (ref ScaleReader x) => Pallet(ref x, version, types));
        byte extrinsicVersion;
        if (version == 14)
        {
            _ = r.ReadCompactU32(); // the extrinsic type
            extrinsicVersion = r.ReadU8();
        }
        else
        {
            extrinsicVersion = r.ReadU8();
            for (int i = 0; i < 4; i++)
            {
                _ = r.ReadCompactU32(); // address, call, signature and extra types
            }
        }

        SignedExtensionMetadata[] extensions = r.ReadVec(64, static (ref ScaleReader x) => new SignedExtensionMetadata(Name(ref x), x.ReadCompactU32(), x.ReadCompactU32()));
        _ = r.ReadCompactU32(); // the runtime type
        if (version == 15)
        {
            SkipV15Tail(ref r);
        }

        foreach (SignedExtensionMetadata e in extensions)
        {
            MetadataTypeChecks.Check(types, e.TypeId);
            MetadataTypeChecks.Check(types, e.AdditionalSignedTypeId);
        }

        return new RuntimeMetadata(version, types, pallets, extrinsicVersion, extensions);
    }

    private static PalletMetadata Pallet(ref ScaleReader r, int version, MetadataType[] types)
    {
        string name = Name(ref r);
        (string Prefix, StorageEntryMetadata[] Entries)? storage = r.ReadOptionTag() ? Storage(ref r, types) : null;
        uint? callType = r.ReadOptionTag() ? r.ReadCompactU32() : null;
        if (r.ReadOptionTag())
        {
            _ = r.ReadCompactU32(); // events
        }

        ConstantMetadata[] constants = r.ReadVec(MaxItems, (ref ScaleReader x) =>
        {
            var c = new ConstantMetadata(Name(ref x), MetadataTypeChecks.Check(types, x.ReadCompactU32()), x.ReadBytes(1 << 20).ToArray());
            SkipDocs(ref x);
            return c;
        });
        if (r.ReadOptionTag())
        {
            _ = r.ReadCompactU32(); // errors
        }

        byte index = r.ReadU8();
        if (version == 15)
        {
            SkipDocs(ref r);
        }

        return new PalletMetadata(
            name,
            index,
            storage?.Prefix,
            ByName(storage?.Entries ?? [], e => e.Name, name, "storage item"),
            ByName(callType is uint t ? MetadataTypeChecks.Calls(types, t, name) : [], c => c.Name, name, "call"),
            ByName(constants, c => c.Name, name, "constant"));
    }

    private static (string Prefix, StorageEntryMetadata[] Entries) Storage(ref ScaleReader r, MetadataType[] types)
    {
        string prefix = Name(ref r);
        StorageEntryMetadata[] entries = r.ReadVec(MaxItems, (ref ScaleReader x) =>
        {
            string name = Name(ref x);
            bool optional = x.ReadEnumIndex(2) == 0;
            StorageHasher[] hashers = [];
            uint[] keyTypes = [];
            if (x.ReadEnumIndex(2) == 1)
            {
                hashers = x.ReadVec(16, static (ref ScaleReader y) => (StorageHasher)y.ReadEnumIndex(7));
                keyTypes = MetadataTypeChecks.KeyTypes(types, x.ReadCompactU32(), hashers.Length, name);
            }

            uint value = MetadataTypeChecks.Check(types, x.ReadCompactU32());
            byte[] fallback = x.ReadBytes(1 << 20).ToArray();
            SkipDocs(ref x);
            return new StorageEntryMetadata(name, optional, hashers, keyTypes, value, fallback);
        });
        return (prefix, entries);
    }

    private static void SkipV15Tail(ref ScaleReader r)
    {
        int apis = r.ReadLength(MaxItems);
        for (int i = 0; i < apis; i++)
        {
            _ = Name(ref r);
            int methods = r.ReadLength(MaxItems);
            for (int m = 0; m < methods; m++)
            {
                _ = Name(ref r);
                _ = r.ReadVec(MaxItems, static (ref ScaleReader x) => (Name(ref x), x.ReadCompactU32()));
                _ = r.ReadCompactU32();
                SkipDocs(ref r);
            }

            SkipDocs(ref r);
        }

        for (int i = 0; i < 3; i++)
        {
            _ = r.ReadCompactU32(); // outer call, event and error enums
        }

        int custom = r.ReadLength(MaxItems);
        for (int i = 0; i < custom; i++)
        {
            _ = Name(ref r);
            _ = r.ReadCompactU32();
            _ = r.ReadBytes(1 << 20);
        }
    }

    private static Dictionary<string, T> ByName<T>(IEnumerable<T> items, Func<T, string> name, string pallet, string what)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (T item in items)
        {
            if (!map.TryAdd(name(item), item))
            {
                throw new MetadataFormatException($"Pallet '{pallet}' names {what} '{name(item)}' twice.");
            }
        }

        return map;
    }
}
