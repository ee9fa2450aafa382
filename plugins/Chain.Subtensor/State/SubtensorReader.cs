using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Plugins.Chain.Subtensor.State;

/// <summary>
/// Reads the head, the runtime metadata (cached per spec version) and storage at one block hash, so that a round sees
/// one consistent chain state.
/// </summary>
internal sealed class SubtensorReader(SubstrateRpcClient rpc, SubtensorOptions options)
{
    // Replaced whole when the runtime's spec version changes; two concurrent loads of the same version are harmless.
    private volatile CachedMetadata? _metadata;

    public SubstrateRpcClient Rpc => rpc;

    /// <summary>The configured head (finalized or best) with its timestamp.</summary>
    public async Task<ChainHead> HeadAsync(CancellationToken cancellationToken)
    {
        string hash;
        long number;
        if (options.Head == "best")
        {
            JsonElement header = await rpc.CallAsync("chain_getHeader", [], cancellationToken).ConfigureAwait(false);
            number = RpcJson.BlockNumber(RpcJson.Property(header, "number", "best header"), "best block number");
            hash = await BlockHashAsync(number, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            hash = RpcJson.Hash(await rpc.CallAsync("chain_getFinalizedHead", [], cancellationToken).ConfigureAwait(false), "finalized head");
            JsonElement header = await rpc.CallAsync("chain_getHeader", [hash], cancellationToken).ConfigureAwait(false);
            number = RpcJson.BlockNumber(RpcJson.Property(header, "number", "finalized header"), "finalized block number");
        }

        ChainStorage storage = await StorageAtAsync(hash, cancellationToken).ConfigureAwait(false);
        ScaleValue? now = await storage.GetAsync("Timestamp", "Now", hash, cancellationToken).ConfigureAwait(false);
        return new ChainHead(number, hash, DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(now?.AsU64() ?? 0, (ulong)long.MaxValue / 2)));
    }

    /// <summary>The hash of block <paramref name="number"/>.</summary>
    public async Task<string> BlockHashAsync(long number, CancellationToken cancellationToken)
    {
        JsonElement answer = await rpc.CallAsync("chain_getBlockHash", [number], cancellationToken).ConfigureAwait(false);
        return answer.ValueKind == JsonValueKind.Null
            ? throw new ChainUnavailableException($"The node does not know block {number}.")
            : RpcJson.Hash(answer, $"hash of block {number}");
    }

    /// <summary>Storage at <paramref name="blockHash"/>, with the metadata of the runtime of that block.</summary>
    public async Task<ChainStorage> StorageAtAsync(string blockHash, CancellationToken cancellationToken)
    {
        JsonElement version = await rpc.CallAsync("state_getRuntimeVersion", [blockHash], cancellationToken).ConfigureAwait(false);
        long spec = RpcJson.BlockNumber(RpcJson.Property(version, "specVersion", "runtime version"), "spec version");
        CachedMetadata? cached = _metadata;
        if (cached is null || cached.SpecVersion != spec)
        {
            byte[] bytes = RpcJson.Bytes(await rpc.CallAsync("state_getMetadata", [blockHash], cancellationToken).ConfigureAwait(false), "metadata");
            try
            {
                cached = new CachedMetadata(spec, MetadataDecoder.Decode(bytes));
            }
            catch (MetadataFormatException ex)
            {
                throw new ChainUnavailableException(ex.Message, ex);
            }

            _metadata = cached;
        }

        return new ChainStorage(rpc, cached.Metadata);
    }

    private sealed record CachedMetadata(long SpecVersion, RuntimeMetadata Metadata);
}
