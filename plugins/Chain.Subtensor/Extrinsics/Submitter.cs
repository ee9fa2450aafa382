using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Hashing;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.Scale;
using Tournament.Plugins.Chain.Subtensor.Signing;
using Tournament.Plugins.Chain.Subtensor.State;

namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>Where a submitted extrinsic landed.</summary>
/// <param name="Number">The block's number.</param>
/// <param name="Hash">The block's hash.</param>
/// <param name="TxHash">The extrinsic's hash (BLAKE2b-256 of its bytes).</param>
internal sealed record Inclusion(long Number, string Hash, string TxHash);

/// <summary>
/// Signs a call with the hotkey (nonce from system_accountNextIndex, mortal era from the round's block, genesis and
/// runtime versions from the node) and submits it once (a submission is never retried). Over a WebSocket it is
/// submitted with <c>author_submitAndWatchExtrinsic</c> and the block that holds it is reported (in a block, or
/// finalized with <c>WaitFor: finalized</c>); over HTTP (no subscriptions) the client polls the account's nonce until
/// it moves past the extrinsic and reports the best block at that moment.
/// </summary>
internal sealed partial class Submitter(SubstrateRpcClient rpc, SubtensorOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Submits <paramref name="call"/> and returns the block it was included in.</summary>
    public async Task<Inclusion> SubmitAsync(ChainStorage storage, byte[] call, Sr25519Keypair keypair, long headNumber, string headHash, CancellationToken cancellationToken)
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
        string txHash = RpcJson.Hex(SubstrateHash.Blake2b(extrinsic, 256));
        TimeSpan timeout = TimeSpan.FromSeconds(options.InclusionTimeoutSeconds);
        RpcSubscription? watch = await rpc.SubscribeAsync("author_submitAndWatchExtrinsic", [RpcJson.Hex(extrinsic)], "author_unwatchExtrinsic", cancellationToken).ConfigureAwait(false);
        string blockHash;
        if (watch is not null)
        {
            await using (watch.ConfigureAwait(false))
            {
                LogSubmitted(logger, txHash, address, nonce);
                blockHash = await InclusionWatch.BlockAsync(watch, txHash, options.WaitFor == "finalized", timeout, time, logger, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await rpc.CallAsync("author_submitExtrinsic", [RpcJson.Hex(extrinsic)], cancellationToken, idempotent: false).ConfigureAwait(false);
            LogSubmitted(logger, txHash, address, nonce);
            blockHash = await PollNonceAsync(address, nonce, txHash, timeout, cancellationToken).ConfigureAwait(false);
        }

        JsonElement header = await rpc.CallAsync("chain_getHeader", [blockHash], cancellationToken).ConfigureAwait(false);
        long block = RpcJson.BlockNumber(RpcJson.Property(header, "number", "inclusion block header"), "inclusion block number");
        LogIncluded(logger, txHash, block, blockHash);
        return new Inclusion(block, blockHash, txHash);
    }

    /// <summary>Waits until the account's nonce passes <paramref name="nonce"/>; returns the best block's hash then.</summary>
    private async Task<string> PollNonceAsync(string address, uint nonce, string txHash, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            long next = RpcJson.BlockNumber(await rpc.CallAsync("system_accountNextIndex", [address], cancellationToken).ConfigureAwait(false), "account nonce");
            if (next > nonce)
            {
                JsonElement header = await rpc.CallAsync("chain_getHeader", [], cancellationToken).ConfigureAwait(false);
                long best = RpcJson.BlockNumber(RpcJson.Property(header, "number", "best header"), "best block number");
                return RpcJson.Hash(await rpc.CallAsync("chain_getBlockHash", [best], cancellationToken).ConfigureAwait(false), $"hash of block {best}");
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Extrinsic {Hash} included in block {Block} ({BlockHash}).")]
    private static partial void LogIncluded(ILogger logger, string hash, long block, string blockHash);
}
