using System.Text.Json;
using Tournament.Plugins.Chain.Subtensor.Hashing;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Plugins.Chain.Subtensor.State;

/// <summary>One storage entry read by prefix scan: its decoded map keys and decoded value.</summary>
/// <param name="Keys">The map keys after the scanned prefix, decoded by their metadata types.</param>
/// <param name="Value">The decoded value.</param>
internal sealed record StorageItem(IReadOnlyList<ScaleValue> Keys, ScaleValue Value);

/// <summary>
/// Storage reads at one block hash with keys and values encoded as the runtime's metadata says: single keys, and
/// prefix scans (<c>state_getKeysPaged</c> then <c>state_queryStorageAt</c>), bounded in pages and entries.
/// </summary>
internal sealed class ChainStorage(SubstrateRpcClient rpc, RuntimeMetadata metadata)
{
    private const int PageSize = 1000;
    private const int MaxEntries = 200_000;
    private const int QueryBatch = 200;

    public RuntimeMetadata Metadata => metadata;

    /// <summary>The key of <paramref name="pallet"/>.<paramref name="item"/> for the leading encoded map keys given.</summary>
    public byte[] Key(string pallet, string item, params byte[][] encodedKeys)
    {
        StorageEntryMetadata entry = metadata.Storage(pallet, item);
        if (encodedKeys.Length > entry.Hashers.Count)
        {
            throw new ArgumentException($"{pallet}.{item} has {entry.Hashers.Count} keys, not {encodedKeys.Length}.", nameof(encodedKeys));
        }

        var parts = new (StorageHasher, byte[])[encodedKeys.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = (entry.Hashers[i], encodedKeys[i]);
        }

        return StorageKey.Build(metadata.Pallet(pallet).StoragePrefix ?? pallet, item, parts);
    }

    /// <summary>Reads one value (the entry's default when absent and not optional; null when absent and optional).</summary>
    public async Task<ScaleValue?> GetAsync(string pallet, string item, string blockHash, CancellationToken cancellationToken, params byte[][] encodedKeys)
    {
        StorageEntryMetadata entry = metadata.Storage(pallet, item);
        JsonElement answer = await rpc.CallAsync("state_getStorage", [RpcJson.Hex(Key(pallet, item, encodedKeys)), blockHash], cancellationToken).ConfigureAwait(false);
        byte[]? bytes = RpcJson.OptionalBytes(answer, $"{pallet}.{item} value") ?? (entry.IsOptional ? null : entry.Default);
        return bytes is null ? null : DecodeValue(entry, pallet, item, bytes);
    }

    /// <summary>Reads every entry under the prefix made by the leading <paramref name="encodedKeys"/>.</summary>
    public async Task<IReadOnlyList<StorageItem>> ScanAsync(string pallet, string item, string blockHash, CancellationToken cancellationToken, params byte[][] encodedKeys)
    {
        StorageEntryMetadata entry = metadata.Storage(pallet, item);
        byte[] prefix = Key(pallet, item, encodedKeys);
        string prefixHex = RpcJson.Hex(prefix);
        List<string> keys = [];
        string? start = null;
        while (true)
        {
            JsonElement page = await rpc.CallAsync("state_getKeysPaged", [prefixHex, PageSize, start, blockHash], cancellationToken).ConfigureAwait(false);
            if (page.ValueKind != JsonValueKind.Array)
            {
                throw new ChainUnavailableException($"The node's key page for {pallet}.{item} is not an array.");
            }

            int before = keys.Count;
            foreach (JsonElement k in page.EnumerateArray())
            {
                byte[] key = RpcJson.Bytes(k, $"{pallet}.{item} key");
                if (!key.AsSpan().StartsWith(prefix) || (start is not null && string.CompareOrdinal(RpcJson.Hex(key), start) <= 0))
                {
                    throw new ChainUnavailableException($"The node returned a key outside the requested {pallet}.{item} range.");
                }

                start = RpcJson.Hex(key);
                keys.Add(start);
            }

            if (keys.Count > MaxEntries)
            {
                throw new ChainUnavailableException($"{pallet}.{item} has more than {MaxEntries} entries.");
            }

            if (keys.Count - before < PageSize)
            {
                break;
            }
        }

        var items = new List<StorageItem>(keys.Count);
        foreach (string[] batch in keys.Chunk(QueryBatch))
        {
            Dictionary<string, byte[]?> values = await QueryAsync(batch, blockHash, pallet, item, cancellationToken).ConfigureAwait(false);
            foreach (string key in batch)
            {
                byte[]? value = values.GetValueOrDefault(key) ?? (entry.IsOptional ? null : entry.Default);
                if (value is not null)
                {
                    items.Add(new StorageItem(DecodeKeys(entry, Convert.FromHexString(key.AsSpan(2))[prefix.Length..], encodedKeys.Length, pallet, item), DecodeValue(entry, pallet, item, value)));
                }
            }
        }

        return items;
    }

    private async Task<Dictionary<string, byte[]?>> QueryAsync(string[] keys, string blockHash, string pallet, string item, CancellationToken cancellationToken)
    {
        JsonElement answer = await rpc.CallAsync("state_queryStorageAt", [keys, blockHash], cancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        if (answer.ValueKind != JsonValueKind.Array)
        {
            throw new ChainUnavailableException($"The node's {pallet}.{item} values are not an array.");
        }

        foreach (JsonElement set in answer.EnumerateArray())
        {
            JsonElement changes = RpcJson.Property(set, "changes", $"{pallet}.{item} values");
            if (changes.ValueKind != JsonValueKind.Array)
            {
                throw new ChainUnavailableException($"The node's {pallet}.{item} changes are not an array.");
            }

            foreach (JsonElement change in changes.EnumerateArray())
            {
                if (change.ValueKind != JsonValueKind.Array || change.GetArrayLength() != 2)
                {
                    throw new ChainUnavailableException($"The node's {pallet}.{item} change is not a [key, value] pair.");
                }

                string key = RpcJson.Hex(RpcJson.Bytes(change[0], $"{pallet}.{item} key"));
                if (Array.IndexOf(keys, key) < 0)
                {
                    throw new ChainUnavailableException($"The node returned a value for a {pallet}.{item} key it was not asked for.");
                }

                values[key] = RpcJson.OptionalBytes(change[1], $"{pallet}.{item} value");
            }
        }

        return values;
    }

    private ScaleValue DecodeValue(StorageEntryMetadata entry, string pallet, string item, byte[] bytes)
    {
        try
        {
            return ScaleValueDecoder.DecodeAll(metadata, entry.ValueType, bytes);
        }
        catch (ScaleFormatException ex)
        {
            throw new ChainUnavailableException($"The node's {pallet}.{item} value does not decode: {ex.Message}", ex);
        }
    }

    private ScaleValue[] DecodeKeys(StorageEntryMetadata entry, byte[] rest, int known, string pallet, string item)
    {
        try
        {
            var reader = new ScaleReader(rest);
            var keys = new ScaleValue[entry.Hashers.Count - known];
            for (int i = known; i < entry.Hashers.Count; i++)
            {
                int skip = SubstrateHash.ConcatPrefixLength(entry.Hashers[i]);
                if (skip < 0)
                {
                    throw new ScaleFormatException($"key {i} uses {entry.Hashers[i]}, which cannot be reversed");
                }

                reader.ReadRaw(skip);
                keys[i - known] = ScaleValueDecoder.Decode(metadata, entry.KeyTypes[i], ref reader);
            }

            reader.EnsureEnd();
            return keys;
        }
        catch (ScaleFormatException ex)
        {
            throw new ChainUnavailableException($"A {pallet}.{item} key from the node does not decode: {ex.Message}", ex);
        }
    }
}
