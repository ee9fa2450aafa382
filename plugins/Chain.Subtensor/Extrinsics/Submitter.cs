using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.Scale;
using Tournament.Plugins.Chain.Subtensor.Signing;
using Tournament.Plugins.Chain.Subtensor.State;

namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>
/// Signs a call with the hotkey (nonce from system_accountNextIndex, mortal era from the round's block, genesis and
/// runtime versions from the node), submits it once (a submission is never retried), and waits until the account's
/// nonce moves past it, i.e. the extrinsic is in a block.
/// </summary>
internal sealed partial class Submitter(SubstrateRpcClient rpc, SubtensorOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Submits <paramref name="call"/> and returns the best block number seen once it is included.</summary>
    public async Task<long> SubmitAsync(ChainStorage storage, byte[] call, Sr25519Keypair keypair, long headNumber, string headHash, CancellationToken cancellationToken)
    {
        string address = Ss58.Encode(keypair.PublicKey);
        uint nonce = (uint)RpcJson.BlockNumber(await rpc.CallAsync("system_accountNextIndex", [address], cancellationToken).ConfigureAwait(false), "account nonce");
        string genesis = RpcJson.Hash(await rpc.CallAsync("chain_getBlockHash", [0], cancellationToken).ConfigureAwait(false), "genesis hash");
        JsonElement version = await rpc.CallAsync("state_getRuntimeVersion", [headHash], cancellationToken).ConfigureAwait(false);
        var context = new ExtrinsicContext(
            nonce,
            Era.Mortal((ulong)options.EraPeriod, (ulong)headNumber),
            Convert.FromHexString(headHash.AsSpan(2)),
            Convert.FromHexString(genesis.AsSpan(2)),
            (uint)RpcJson.BlockNumber(RpcJson.Property(version, "specVersion", "runtime version"), "spec version"),
            (uint)RpcJson.BlockNumber(RpcJson.Property(version, "transactionVersion", "runtime version"), "transaction version"),
            0);
        byte[] extrinsic = SignedExtrinsic.SignAndBuild(storage.Metadata, call, context, keypair);
        JsonElement hash = await rpc.CallAsync("author_submitExtrinsic", [RpcJson.Hex(extrinsic)], cancellationToken, idempotent: false).ConfigureAwait(false);
        string txHash = JsonRpcResponse.Printable(hash.ToString());
        LogSubmitted(logger, txHash, address, nonce);

        long deadline = time.GetTimestamp() + (long)(options.InclusionTimeoutSeconds * (double)time.TimestampFrequency);
        while (true)
        {
            long next = RpcJson.BlockNumber(await rpc.CallAsync("system_accountNextIndex", [address], cancellationToken).ConfigureAwait(false), "account nonce");
            if (next > nonce)
            {
                JsonElement header = await rpc.CallAsync("chain_getHeader", [], cancellationToken).ConfigureAwait(false);
                long block = RpcJson.BlockNumber(RpcJson.Property(header, "number", "best header"), "best block number");
                LogIncluded(logger, txHash, block);
                return block;
            }

            if (time.GetTimestamp() > deadline)
            {
                throw new ChainUnavailableException($"Extrinsic {txHash} was not included within {options.InclusionTimeoutSeconds} s.");
            }

            await Task.Delay(TimeSpan.FromSeconds(options.InclusionPollSeconds), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A value read for a pre-check, as an unsigned integer.</summary>
    public static ulong U64(ScaleValue? value) => value?.Unwrap().AsU64() ?? 0;

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitted extrinsic {Hash} from {Address} with nonce {Nonce}.")]
    private static partial void LogSubmitted(ILogger logger, string hash, string address, uint nonce);

    [LoggerMessage(Level = LogLevel.Information, Message = "Extrinsic {Hash} included by block {Block}.")]
    private static partial void LogIncluded(ILogger logger, string hash, long block);
}
