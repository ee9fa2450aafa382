namespace Tournament.Plugins.Chain.Subtensor.Metadata;

/// <summary>
/// What the client needs from a runtime's own metadata (v14 or v15): the type registry, pallets with their indices,
/// storage hashers, calls and constants, and the signed extensions in order. Nothing of this is hard-coded, so a runtime
/// upgrade changes the encoding with the chain, not silently against it.
/// </summary>
public sealed class RuntimeMetadata
{
    private readonly Dictionary<string, PalletMetadata> _pallets;

    internal RuntimeMetadata(int version, IReadOnlyList<MetadataType> types, IReadOnlyList<PalletMetadata> pallets, byte extrinsicVersion, IReadOnlyList<SignedExtensionMetadata> signedExtensions)
    {
        Version = version;
        Types = types;
        Pallets = pallets;
        ExtrinsicVersion = extrinsicVersion;
        SignedExtensions = signedExtensions;
        _pallets = new Dictionary<string, PalletMetadata>(StringComparer.Ordinal);
        foreach (PalletMetadata p in pallets)
        {
            if (!_pallets.TryAdd(p.Name, p))
            {
                throw new MetadataFormatException($"The metadata names pallet '{p.Name}' twice.");
            }
        }
    }

    /// <summary>The metadata version (14 or 15).</summary>
    public int Version { get; }

    /// <summary>The portable type registry, indexed by type id.</summary>
    public IReadOnlyList<MetadataType> Types { get; }

    /// <summary>The pallets in metadata order.</summary>
    public IReadOnlyList<PalletMetadata> Pallets { get; }

    /// <summary>The extrinsic format version (4 for the signed extrinsics built here).</summary>
    public byte ExtrinsicVersion { get; }

    /// <summary>The signed extensions in the order the extrinsic encodes them.</summary>
    public IReadOnlyList<SignedExtensionMetadata> SignedExtensions { get; }

    /// <summary>The pallet named <paramref name="name"/>, or a one-sentence error naming what the runtime lacks.</summary>
    /// <param name="name">The pallet's name.</param>
    public PalletMetadata Pallet(string name)
        => _pallets.TryGetValue(name, out PalletMetadata? p) ? p : throw new MetadataFormatException($"The chain's runtime has no pallet '{name}'.");

    /// <summary>A storage item, or a one-sentence error.</summary>
    /// <param name="pallet">The pallet's name.</param>
    /// <param name="item">The item's name.</param>
    public StorageEntryMetadata Storage(string pallet, string item)
        => Pallet(pallet).Storage.TryGetValue(item, out StorageEntryMetadata? e) ? e : throw new MetadataFormatException($"The chain's runtime has no storage item {pallet}.{item}.");

    /// <summary>A call with its pallet index, or a one-sentence error.</summary>
    /// <param name="pallet">The pallet's name.</param>
    /// <param name="call">The call's name.</param>
    public (byte PalletIndex, CallMetadata Call) Call(string pallet, string call)
    {
        PalletMetadata p = Pallet(pallet);
        return p.Calls.TryGetValue(call, out CallMetadata? c) ? (p.Index, c) : throw new MetadataFormatException($"The chain's runtime has no call {pallet}.{call}.");
    }

    /// <summary>A type by id, or a one-sentence error.</summary>
    /// <param name="id">The type id.</param>
    public MetadataType Type(uint id)
        => id < Types.Count ? Types[(int)id] : throw new MetadataFormatException($"The metadata has no type {id}.");
}
