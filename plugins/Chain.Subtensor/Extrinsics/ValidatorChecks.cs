using Tournament.Plugins.Chain.Subtensor.Scale;
using Tournament.Plugins.Chain.Subtensor.State;

namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>What the chain says about our hotkey on the subnet at one block.</summary>
/// <param name="Uid">Our UID, or null when the hotkey is not registered.</param>
/// <param name="HasPermit">Whether the UID holds a validator permit.</param>
/// <param name="LastUpdate">The block of our last weights.</param>
/// <param name="RateLimit">WeightsSetRateLimit: blocks between two weight settings.</param>
/// <param name="CommitReveal">Whether the subnet uses commit-reveal weights.</param>
/// <param name="VersionKey">WeightsVersionKey.</param>
/// <param name="Stake">The hotkey's alpha stake on the subnet in rao (<c>TotalHotkeyAlpha</c>), or null when the runtime has no such item.</param>
/// <param name="StakeThreshold">The runtime's <c>StakeThreshold</c> (minimum stake weight to set weights), or null.</param>
internal sealed record ValidatorStatus(ushort? Uid, bool HasPermit, ulong LastUpdate, ulong RateLimit, bool CommitReveal, ulong VersionKey, ulong? Stake = null, ulong? StakeThreshold = null)
{
    /// <summary>Reads the status at the storage's block.</summary>
    public static async Task<ValidatorStatus> ReadAsync(ChainStorage storage, ushort netuid, byte[] account, string blockHash, CancellationToken cancellationToken)
    {
        byte[] net = new ScaleWriter().U16(netuid).ToArray();
        ScaleValue? uid = await storage.GetAsync("SubtensorModule", "Uids", blockHash, cancellationToken, net, account).ConfigureAwait(false);
        ushort? ourUid = uid is null ? null : (ushort)uid.Unwrap().AsU64();
        bool permit = false;
        ulong last = 0;
        if (ourUid is ushort u)
        {
            permit = await storage.GetAsync("SubtensorModule", "ValidatorPermit", blockHash, cancellationToken, net).ConfigureAwait(false) is ScaleValue p
                && p.Unwrap() is ScaleValue.Sequence permits && u < permits.Items.Count && permits.Items[u] is ScaleValue.Flag { Value: true };
            last = await storage.GetAsync("SubtensorModule", "LastUpdate", blockHash, cancellationToken, net).ConfigureAwait(false) is ScaleValue l
                && l.Unwrap() is ScaleValue.Sequence updates && u < updates.Items.Count ? updates.Items[u].Unwrap().AsU64() : 0;
        }

        ulong limit = Submitter.U64(await storage.GetAsync("SubtensorModule", "WeightsSetRateLimit", blockHash, cancellationToken, net).ConfigureAwait(false));
        bool commitReveal = await storage.GetAsync("SubtensorModule", "CommitRevealWeightsEnabled", blockHash, cancellationToken, net).ConfigureAwait(false) is ScaleValue c
            && c.Unwrap() is ScaleValue.Flag { Value: true };
        ulong version = Submitter.U64(await storage.GetAsync("SubtensorModule", "WeightsVersionKey", blockHash, cancellationToken, net).ConfigureAwait(false));
        IReadOnlyDictionary<string, Metadata.StorageEntryMetadata> items = storage.Metadata.Pallet("SubtensorModule").Storage;
        ulong? stake = items.ContainsKey("TotalHotkeyAlpha")
            ? Submitter.U64(await storage.GetAsync("SubtensorModule", "TotalHotkeyAlpha", blockHash, cancellationToken, account, net).ConfigureAwait(false))
            : null;
        ulong? threshold = items.ContainsKey("StakeThreshold")
            ? Submitter.U64(await storage.GetAsync("SubtensorModule", "StakeThreshold", blockHash, cancellationToken).ConfigureAwait(false))
            : null;
        return new ValidatorStatus(ourUid, permit, last, limit, commitReveal, version, stake, threshold);
    }

    /// <summary>Why weights cannot be set now (one sentence), or null when they can.</summary>
    /// <param name="hotkey">Our hotkey's address.</param>
    /// <param name="netuid">The subnet.</param>
    /// <param name="head">The round's block.</param>
    /// <param name="hasSigner">Whether an external signer handles commit-reveal subnets.</param>
    public string? RefusalForWeights(string hotkey, ushort netuid, long head, bool hasSigner = false)
    {
        if (Uid is null)
        {
            return $"Hotkey {hotkey} is not registered on subnet {netuid}; no weights were sent.";
        }

        if (!HasPermit)
        {
            return $"Hotkey {hotkey} (UID {Uid}) has no validator permit on subnet {netuid}; no weights were sent.";
        }

        if (CommitReveal && !hasSigner)
        {
            return $"Subnet {netuid} uses commit-reveal weights, which need timelock encryption this client does not implement, and no Subtensor:SignerCommand is configured; no weights were sent.";
        }

        ulong since = head > (long)LastUpdate ? (ulong)head - LastUpdate : 0;
        return since < RateLimit
            ? $"Hotkey {hotkey} set weights {since} blocks ago; subnet {netuid}'s rate limit is {RateLimit} blocks, so no weights were sent."
            : null;
    }
}
