using System.Text;
using Tournament.Abstractions;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.Scale;

namespace Tournament.Plugins.Chain.Subtensor.State;

/// <summary>
/// The subnet's commitments and metagraph read at one block hash and mapped to the engine's types. The hotkey and block
/// of a commitment are the chain's (the storage key's account and the registration's block), never the payload's.
/// </summary>
internal static class SubnetState
{
    private static readonly UTF8Encoding Lossy = new(false, false);

    /// <summary>Plain (<c>CommitmentOf</c>, first field Raw) and revealed (<c>RevealedCommitments</c>) commitments.</summary>
    public static Task<IReadOnlyList<Commitment>> CommitmentsAsync(ChainStorage storage, ushort netuid, string blockHash, long upToBlock, CancellationToken cancellationToken)
        => Checked(() => ReadCommitmentsAsync(storage, netuid, blockHash, upToBlock, cancellationToken));

    /// <summary>Every UID of the subnet with its hotkey and registration block.</summary>
    public static Task<IReadOnlyList<Neuron>> NeuronsAsync(ChainStorage storage, ushort netuid, string blockHash, CancellationToken cancellationToken)
        => Checked(() => ReadNeuronsAsync(storage, netuid, blockHash, cancellationToken));

    /// <summary>A value of an unexpected shape means the runtime changed under the client: infrastructure, never a miner's fault.</summary>
    internal static async Task<T> Checked<T>(Func<Task<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (ScaleFormatException ex)
        {
            throw new ChainUnavailableException($"A value read from the chain has an unexpected shape: {ex.Message}", ex);
        }
    }

    private static async Task<IReadOnlyList<Commitment>> ReadCommitmentsAsync(ChainStorage storage, ushort netuid, string blockHash, long upToBlock, CancellationToken cancellationToken)
    {
        byte[] net = new ScaleWriter().U16(netuid).ToArray();
        var found = new List<(byte[] Account, long Block, string Data)>();
        foreach (StorageItem item in await storage.ScanAsync("Commitments", "CommitmentOf", blockHash, cancellationToken, net).ConfigureAwait(false))
        {
            byte[] account = Account(item.Keys[0]);
            var registration = As<ScaleValue.Composite>(item.Value, "CommitmentOf value");
            long block = (long)registration.Field("block").AsU64();
            var info = As<ScaleValue.Composite>(registration.Field("info"), "CommitmentOf info");
            if (info.Field("fields").Unwrap() is ScaleValue.Sequence { Items: [ScaleValue.Variant first, ..] } && first.Name.StartsWith("Raw", StringComparison.Ordinal) && first.Fields.Count == 1)
            {
                found.Add((account, block, Lossy.GetString(first.Fields[0].Value.AsBytes())));
            }
        }

        if (storage.Metadata.Pallet("Commitments").Storage.ContainsKey("RevealedCommitments"))
        {
            foreach (StorageItem item in await storage.ScanAsync("Commitments", "RevealedCommitments", blockHash, cancellationToken, net).ConfigureAwait(false))
            {
                byte[] account = Account(item.Keys[0]);
                foreach (ScaleValue reveal in As<ScaleValue.Sequence>(item.Value.Unwrap(), "RevealedCommitments value").Items)
                {
                    var pair = As<ScaleValue.Sequence>(reveal, "revealed commitment");
                    if (pair.Items.Count != 2)
                    {
                        throw new ChainUnavailableException("A revealed commitment is not a (payload, block) pair.");
                    }

                    found.Add((account, (long)pair.Items[1].AsU64(), RevealedText(pair.Items[0].AsBytes())));
                }
            }
        }

        return [.. found
            .Where(f => f.Block <= upToBlock)
            .DistinctBy(f => (Convert.ToHexString(f.Account), f.Block, f.Data))
            .OrderBy(f => f.Block).ThenBy(f => f.Account, ByteOrder.Instance).ThenBy(f => f.Data, StringComparer.Ordinal)
            .GroupBy(f => f.Block)
            .SelectMany(g => g.Select((f, i) => new Commitment(Ss58.Encode(f.Account), f.Block, i, f.Data)))];
    }

    private static async Task<IReadOnlyList<Neuron>> ReadNeuronsAsync(ChainStorage storage, ushort netuid, string blockHash, CancellationToken cancellationToken)
    {
        byte[] net = new ScaleWriter().U16(netuid).ToArray();
        var registered = new Dictionary<ulong, long>();
        foreach (StorageItem item in await storage.ScanAsync("SubtensorModule", "BlockAtRegistration", blockHash, cancellationToken, net).ConfigureAwait(false))
        {
            registered[item.Keys[0].AsU64()] = (long)item.Value.AsU64();
        }

        var neurons = new List<Neuron>();
        foreach (StorageItem item in await storage.ScanAsync("SubtensorModule", "Keys", blockHash, cancellationToken, net).ConfigureAwait(false))
        {
            ulong uid = item.Keys[0].AsU64();
            neurons.Add(new Neuron((int)uid, Ss58.Encode(Account(item.Value)), registered.GetValueOrDefault(uid)));
        }

        return [.. neurons.OrderBy(n => n.Uid)];
    }

    /// <summary>A revealed payload is a SCALE string; anything else is kept as (lossy) text for the parser to reject.</summary>
    private static string RevealedText(byte[] payload)
    {
        try
        {
            var reader = new ScaleReader(payload);
            string text = reader.ReadString(payload.Length);
            reader.EnsureEnd();
            return text;
        }
        catch (ScaleFormatException)
        {
            return Lossy.GetString(payload);
        }
    }

    private static T As<T>(ScaleValue value, string what)
        where T : ScaleValue
        => value as T ?? throw new ChainUnavailableException($"The runtime's {what} has an unexpected shape ({value.GetType().Name}).");

    private static byte[] Account(ScaleValue value)
    {
        byte[] bytes = value.AsBytes();
        return bytes.Length == 32 ? bytes : throw new ChainUnavailableException($"An account id from the node has {bytes.Length} bytes, not 32.");
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
