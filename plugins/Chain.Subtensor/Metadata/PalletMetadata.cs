using Tournament.Plugins.Chain.Subtensor.Hashing;

namespace Tournament.Plugins.Chain.Subtensor.Metadata;

/// <summary>A storage item of a pallet.</summary>
/// <param name="Name">The item's name, e.g. "CommitmentOf".</param>
/// <param name="IsOptional">True when a missing key reads as None; false when it reads as <paramref name="Default"/>.</param>
/// <param name="Hashers">The hasher of each map key, in order (empty for a plain value).</param>
/// <param name="KeyTypes">The type of each map key, in order.</param>
/// <param name="ValueType">The value's type.</param>
/// <param name="Default">The SCALE bytes a missing key reads as.</param>
public sealed record StorageEntryMetadata(
    string Name,
    bool IsOptional,
    IReadOnlyList<StorageHasher> Hashers,
    IReadOnlyList<uint> KeyTypes,
    uint ValueType,
    byte[] Default);

/// <summary>A dispatchable call of a pallet.</summary>
/// <param name="Name">The call's name, e.g. "set_weights".</param>
/// <param name="Index">The byte that selects it within the pallet.</param>
/// <param name="Arguments">Its arguments, in encoding order.</param>
public sealed record CallMetadata(string Name, byte Index, IReadOnlyList<MetadataField> Arguments);

/// <summary>A constant of a pallet.</summary>
/// <param name="Name">The constant's name.</param>
/// <param name="TypeId">Its type.</param>
/// <param name="Value">Its SCALE bytes.</param>
public sealed record ConstantMetadata(string Name, uint TypeId, byte[] Value);

/// <summary>A pallet: its index, storage, calls and constants.</summary>
/// <param name="Name">The pallet's name, e.g. "SubtensorModule".</param>
/// <param name="Index">The byte that selects it in a call.</param>
/// <param name="StoragePrefix">The prefix its storage keys hash (null without storage).</param>
/// <param name="Storage">Its storage items by name.</param>
/// <param name="Calls">Its calls by name.</param>
/// <param name="Constants">Its constants by name.</param>
public sealed record PalletMetadata(
    string Name,
    byte Index,
    string? StoragePrefix,
    IReadOnlyDictionary<string, StorageEntryMetadata> Storage,
    IReadOnlyDictionary<string, CallMetadata> Calls,
    IReadOnlyDictionary<string, ConstantMetadata> Constants);

/// <summary>A signed (transaction) extension, in the order the extrinsic encodes them.</summary>
/// <param name="Identifier">Its name, e.g. "CheckMortality".</param>
/// <param name="TypeId">The type of the part carried in the extrinsic.</param>
/// <param name="AdditionalSignedTypeId">The type of the part only signed (e.g. the genesis hash).</param>
public sealed record SignedExtensionMetadata(string Identifier, uint TypeId, uint AdditionalSignedTypeId);
