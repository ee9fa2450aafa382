using System.Text;

namespace Tournament.Plugins.Chain.Subtensor.Hashing;

/// <summary>Builds storage keys: twox128(pallet) ++ twox128(item) ++ hasher(key) for each map key.</summary>
public static class StorageKey
{
    /// <summary>The 32-byte prefix of every key of a storage item (a plain value's whole key).</summary>
    /// <param name="pallet">The pallet's storage prefix, e.g. "SubtensorModule".</param>
    /// <param name="item">The storage item, e.g. "Uids".</param>
    public static byte[] Prefix(string pallet, string item)
        => [.. SubstrateHash.Twox(Encoding.UTF8.GetBytes(pallet), 128), .. SubstrateHash.Twox(Encoding.UTF8.GetBytes(item), 128)];

    /// <summary>The key of one map entry: the prefix, then each SCALE-encoded key hashed by its hasher.</summary>
    /// <param name="pallet">The pallet's storage prefix.</param>
    /// <param name="item">The storage item.</param>
    /// <param name="keys">The hashers (in metadata order) paired with the encoded keys; fewer keys than hashers make a prefix for paging.</param>
    public static byte[] Build(string pallet, string item, params ReadOnlySpan<(StorageHasher Hasher, byte[] EncodedKey)> keys)
    {
        List<byte> key = [.. Prefix(pallet, item)];
        foreach ((StorageHasher hasher, byte[] encoded) in keys)
        {
            key.AddRange(SubstrateHash.Hash(hasher, encoded));
        }

        return [.. key];
    }
}
