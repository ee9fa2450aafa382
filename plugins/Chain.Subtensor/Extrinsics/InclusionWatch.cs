using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tournament.Plugins.Chain.Subtensor.Rpc;

namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>
/// Follows the statuses of <c>author_submitAndWatchExtrinsic</c> (future, ready, broadcast, inBlock, retracted,
/// finalityTimeout, finalized, usurped, dropped, invalid) until the extrinsic is in a block (or finalized, when asked),
/// and returns that block's hash. A dropped, invalid or usurped extrinsic, an unknown status, a dropped socket or the
/// timeout is a <see cref="ChainUnavailableException"/>: infrastructure, the round's weights are deferred.
/// </summary>
internal static partial class InclusionWatch
{
    public static async Task<string> BlockAsync(RpcSubscription subscription, string txHash, bool finalized, TimeSpan timeout, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        string? inBlock = null;
        try
        {
            while (true)
            {
                (string status, string? hash) = Parse(await subscription.NextAsync(linked.Token).ConfigureAwait(false));
                switch (status)
                {
                    case "future" or "ready" or "broadcast":
                        break;
                    case "inBlock":
                        inBlock = hash;
                        LogInBlock(logger, txHash, hash!);
                        if (!finalized)
                        {
                            return hash!;
                        }

                        break;
                    case "retracted":
                        inBlock = null;
                        break;
                    case "finalized":
                        return hash!;
                    case "finalityTimeout":
                        throw new ChainUnavailableException($"Extrinsic {txHash} was in block {hash}, which was not finalized in time.");
                    case "usurped":
                        throw new ChainUnavailableException($"Extrinsic {txHash} was replaced in the node's pool by another with the same nonce.");
                    case "dropped":
                        throw new ChainUnavailableException($"The node dropped extrinsic {txHash} from its transaction pool.");
                    case "invalid":
                        throw new ChainUnavailableException($"The node declared extrinsic {txHash} invalid.");
                    default:
                        throw new ChainUnavailableException($"The node sent an unknown status for extrinsic {txHash}.");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChainUnavailableException(inBlock is null
                ? $"Extrinsic {txHash} was not included within {timeout.TotalSeconds:0} s."
                : $"Extrinsic {txHash} was in block {inBlock} but not finalized within {timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>A status: a bare string, or an object with one property whose value is a block hash (a peer list for broadcast).</summary>
    private static (string Status, string? Hash) Parse(JsonElement status)
    {
        if (status.ValueKind == JsonValueKind.String)
        {
            return (status.GetString()!, null);
        }

        if (status.ValueKind == JsonValueKind.Object && status.EnumerateObject().ToList() is [var only])
        {
            return only.Name == "broadcast" ? ("broadcast", null) : (only.Name, RpcJson.Hash(only.Value, $"'{JsonRpcResponse.Printable(only.Name)}' block hash"));
        }

        throw new ChainUnavailableException("The node sent an extrinsic status that is neither a string nor a one-key object.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Extrinsic {Hash} is in block {Block}.")]
    private static partial void LogInBlock(ILogger logger, string hash, string block);
}
