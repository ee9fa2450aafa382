using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Hashing;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.Scale;
using Tournament.Plugins.Chain.Subtensor.State;

namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>
/// Commit-reveal weights through the operator's signer: the request names the subnet, hotkey, block and the weights
/// (scaled as for set_weights); the signer commits them (timelock encryption is its business) and answers with the
/// extrinsic hash and block. The client then checks on chain that this block holds that extrinsic, signed by our
/// hotkey, calling a SubtensorModule commit; otherwise the weights are deferred with the reason.
/// </summary>
internal sealed partial class CommitRevealSigner(SubtensorReader reader, SubtensorOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Delegates the commit and returns the block that holds it, or throws <see cref="ExternalSignerException"/>.</summary>
    public async Task<Inclusion> CommitAsync(byte[] hotkey, ulong versionKey, long headNumber, string headHash, ushort[] uids, ushort[] weights, CancellationToken cancellationToken)
    {
        string address = Ss58.Encode(hotkey);
        var request = new JsonObject
        {
            ["protocol"] = ExternalSigner.Protocol,
            ["action"] = "commit_weights",
            ["endpoint"] = options.Endpoint,
            ["netuid"] = options.Netuid,
            ["hotkey"] = address,
            ["wallet"] = new JsonObject { ["path"] = options.WalletPath, ["name"] = options.WalletName, ["hotkey"] = options.HotkeyName },
            ["block"] = new JsonObject { ["number"] = headNumber, ["hash"] = headHash },
            ["versionKey"] = versionKey,
            ["uids"] = new JsonArray([.. uids.Select(u => (JsonNode)u)]),
            ["weights"] = new JsonArray([.. weights.Select(w => (JsonNode)w)]),
        };
        LogDelegating(logger, address, uids.Length, headNumber);
        JsonObject answer = await ExternalSigner.RunAsync(options, request, time, cancellationToken).ConfigureAwait(false);
        string status = Text(answer, "status");
        if (status == "refused")
        {
            throw new ExternalSignerException($"The commit-reveal signer refused: {Text(answer, "reason")}");
        }

        if (status != "submitted")
        {
            throw new ExternalSignerException("The commit-reveal signer's status is neither 'submitted' nor 'refused'.");
        }

        string txHash = Hash(answer, "extrinsicHash");
        string blockHash = Hash(answer, "blockHash");
        await VerifyAsync(hotkey, address, txHash, blockHash, cancellationToken).ConfigureAwait(false);
        JsonElement header = await reader.Rpc.CallAsync("chain_getHeader", [blockHash], cancellationToken).ConfigureAwait(false);
        long number = RpcJson.BlockNumber(RpcJson.Property(header, "number", "commit block header"), "commit block number");
        LogVerified(logger, txHash, number);
        return new Inclusion(number, blockHash, txHash);
    }

    private async Task VerifyAsync(byte[] hotkey, string address, string txHash, string blockHash, CancellationToken cancellationToken)
    {
        JsonElement block = await reader.Rpc.CallAsync("chain_getBlock", [blockHash], cancellationToken).ConfigureAwait(false);
        if (block.ValueKind == JsonValueKind.Null)
        {
            throw new ExternalSignerException($"The commit-reveal signer reported block {blockHash}, which the node does not know.");
        }

        JsonElement extrinsics = RpcJson.Property(RpcJson.Property(block, "block", "block"), "extrinsics", "block");
        if (extrinsics.ValueKind != JsonValueKind.Array)
        {
            throw new ChainUnavailableException("The node's block has no extrinsics array.");
        }

        byte[]? found = extrinsics.EnumerateArray().Select(e => RpcJson.Bytes(e, "extrinsic")).FirstOrDefault(e => RpcJson.Hex(SubstrateHash.Blake2b(e, 256)) == txHash)
            ?? throw new ExternalSignerException($"The commit-reveal signer reported extrinsic {txHash} in block {blockHash}, but that block does not hold it.");
        ChainStorage storage = await reader.StorageAtAsync(blockHash, cancellationToken).ConfigureAwait(false);
        ExtrinsicSummary summary;
        try
        {
            summary = ExtrinsicSummary.Read(storage.Metadata, found);
        }
        catch (ScaleFormatException ex)
        {
            throw new ChainUnavailableException($"Extrinsic {txHash} in block {blockHash} does not decode: {ex.Message}", ex);
        }

        if (summary.Signer is null || !summary.Signer.AsSpan().SequenceEqual(hotkey))
        {
            throw new ExternalSignerException($"Extrinsic {txHash} in block {blockHash} is not signed by hotkey {address}.");
        }

        if (summary.Pallet != "SubtensorModule" || !summary.Call.Contains("commit", StringComparison.Ordinal))
        {
            throw new ExternalSignerException($"Extrinsic {txHash} in block {blockHash} calls {summary.Pallet}.{summary.Call}, not a SubtensorModule weights commit.");
        }
    }

    private static string Text(JsonObject answer, string name)
        => answer[name] is JsonValue v && v.TryGetValue(out string? s)
            ? JsonRpcResponse.Printable(s)
            : throw new ExternalSignerException($"The commit-reveal signer's answer has no string '{name}'.");

    private static string Hash(JsonObject answer, string name)
    {
        string text = Text(answer, name);
        return text.Length == 66 && text.StartsWith("0x", StringComparison.Ordinal) && text.Skip(2).All(char.IsAsciiHexDigit)
            ? text.ToLowerInvariant()
            : throw new ExternalSignerException($"The commit-reveal signer's '{name}' is not a 0x-prefixed 32-byte hash.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subnet uses commit-reveal: running the external signer for hotkey {Hotkey} ({Count} weights, block {Block}).")]
    private static partial void LogDelegating(ILogger logger, string hotkey, int count, long block);

    [LoggerMessage(Level = LogLevel.Information, Message = "Commit {Hash} verified on chain in block {Block}.")]
    private static partial void LogVerified(ILogger logger, string hash, long block);
}
