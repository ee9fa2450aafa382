using System.Text;
using Microsoft.Extensions.Logging;
using OneOf;
using OneOf.Types;
using Tournament.Abstractions;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Extrinsics;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.Scale;
using Tournament.Plugins.Chain.Subtensor.Signing;
using Tournament.Plugins.Chain.Subtensor.State;
using Tournament.Plugins.Chain.Subtensor.Wallet;

namespace Tournament.Plugins.Chain.Subtensor;

/// <summary>
/// The Bittensor chain. <see cref="GetHeadAsync"/> pins the round's block; commitments and neurons are read at that
/// block's hash, so one round sees one chain state. Failures of the node are <see cref="ChainUnavailableException"/>
/// (reads) or <see cref="Deferred"/> (weights): infrastructure, never a miner's fault.
/// </summary>
[Component("subtensor", Options = typeof(SubtensorOptions), Description = "The Bittensor Subtensor chain over JSON-RPC: commitments, metagraph, sr25519-signed set_weights and set_commitment.")]
internal sealed partial class SubtensorChain : IChain, IAsyncDisposable
{
    private readonly SubtensorOptions _options;
    private readonly SubstrateRpcClient _rpc;
    private readonly SubtensorReader _reader;
    private readonly Submitter _submitter;
    private readonly CommitRevealSigner _commitReveal;
    private readonly ILogger _logger;
    private volatile ChainHead? _pinned;

    public SubtensorChain(SubtensorOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _rpc = new SubstrateRpcClient(options, time, loggers.CreateLogger<SubstrateRpcClient>());
        _reader = new SubtensorReader(_rpc, options);
        _logger = loggers.CreateLogger<SubtensorChain>();
        _submitter = new Submitter(_rpc, options, time, _logger);
        _commitReveal = new CommitRevealSigner(_reader, options, time, _logger);
    }

    private ushort Netuid => (ushort)_options.Netuid;

    /// <inheritdoc />
    public async Task<ChainHead> GetHeadAsync(CancellationToken cancellationToken)
    {
        ChainHead head = await _reader.HeadAsync(cancellationToken).ConfigureAwait(false);
        _pinned = head;
        return head;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Commitment>> GetCommitmentsAsync(long upToBlock, CancellationToken cancellationToken)
    {
        string hash = _pinned is { } p && p.Number == upToBlock ? p.Hash : await _reader.BlockHashAsync(upToBlock, cancellationToken).ConfigureAwait(false);
        ChainStorage storage = await _reader.StorageAtAsync(hash, cancellationToken).ConfigureAwait(false);
        return await SubnetState.CommitmentsAsync(storage, Netuid, hash, upToBlock, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Neuron>> GetNeuronsAsync(CancellationToken cancellationToken)
    {
        ChainHead head = _pinned ?? await GetHeadAsync(cancellationToken).ConfigureAwait(false);
        ChainStorage storage = await _reader.StorageAtAsync(head.Hash, cancellationToken).ConfigureAwait(false);
        return await SubnetState.NeuronsAsync(storage, Netuid, head.Hash, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OneOf<Success, Deferred>> SetWeightsAsync(WeightVector weights, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(weights);
        try
        {
            (Sr25519Keypair keypair, string hotkey) = LoadHotkey();
            ChainHead head = _pinned ?? await GetHeadAsync(cancellationToken).ConfigureAwait(false);
            ChainStorage storage = await _reader.StorageAtAsync(head.Hash, cancellationToken).ConfigureAwait(false);
            ValidatorStatus status = await SubnetState.Checked(() => ValidatorStatus.ReadAsync(storage, Netuid, keypair.PublicKey, head.Hash, cancellationToken)).ConfigureAwait(false);
            if (status.RefusalForWeights(hotkey, Netuid, head.Number, _options.SignerCommand is not null) is { } refusal)
            {
                LogRefused(_logger, refusal);
                return new Deferred(refusal);
            }

            LogValidator(_logger, status.Uid!.Value, head.Number, status.Stake, status.StakeThreshold);

            IReadOnlyList<Neuron> neurons = await SubnetState.NeuronsAsync(storage, Netuid, head.Hash, cancellationToken).ConfigureAwait(false);
            var uidOf = neurons.ToDictionary(n => n.Hotkey, n => (ushort)n.Uid, StringComparer.Ordinal);
            var byUid = new Dictionary<ushort, double>();
            foreach ((string key, double w) in weights.ByHotkey)
            {
                if (uidOf.TryGetValue(key, out ushort uid))
                {
                    byUid[uid] = byUid.GetValueOrDefault(uid) + w;
                }
                else
                {
                    LogUnknownHotkey(_logger, key);
                }
            }

            (ushort[] uids, ushort[] values) = WeightScaling.ToU16(byUid);
            if (status.CommitReveal)
            {
                await _commitReveal.CommitAsync(keypair.PublicKey, status.VersionKey, head.Number, head.Hash, uids, values, cancellationToken).ConfigureAwait(false);
                return new Success();
            }

            byte[] call = SignedExtrinsic.Call(storage.Metadata, "SubtensorModule", "set_weights", new Dictionary<string, ScaleValue>
            {
                ["netuid"] = new ScaleValue.Number(Netuid),
                ["dests"] = new ScaleValue.Sequence([.. uids.Select(u => (ScaleValue)new ScaleValue.Number(u))]),
                ["weights"] = new ScaleValue.Sequence([.. values.Select(v => (ScaleValue)new ScaleValue.Number(v))]),
                ["version_key"] = new ScaleValue.Number(status.VersionKey),
            });
            await _submitter.SubmitAsync(storage, call, keypair, head.Number, head.Hash, cancellationToken).ConfigureAwait(false);
            return new Success();
        }
        catch (Exception ex) when (ex is ChainUnavailableException or WalletException or NotSupportedException or ExternalSignerException)
        {
            LogRefused(_logger, ex.Message);
            return new Deferred(ex.Message);
        }
    }

    /// <inheritdoc />
    public async Task<Commitment> CommitAsync(string hotkey, string data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        (Sr25519Keypair keypair, string address) = LoadHotkey();
        if (!string.Equals(hotkey, address, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The commitment is for {hotkey} but the configured wallet's hotkey is {address}; a commitment can only be signed by its own hotkey.");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(data);
        if (bytes.Length is 0 or > 128)
        {
            throw new ArgumentException($"A plain commitment holds 1 to 128 bytes; this one has {bytes.Length}.", nameof(data));
        }

        ChainHead head = await GetHeadAsync(cancellationToken).ConfigureAwait(false);
        ChainStorage storage = await _reader.StorageAtAsync(head.Hash, cancellationToken).ConfigureAwait(false);
        ValidatorStatus status = await SubnetState.Checked(() => ValidatorStatus.ReadAsync(storage, Netuid, keypair.PublicKey, head.Hash, cancellationToken)).ConfigureAwait(false);
        if (status.Uid is null)
        {
            throw new InvalidOperationException($"Hotkey {address} is not registered on subnet {Netuid}; register it before committing.");
        }

        byte[] call = CommitmentCall(storage.Metadata, Netuid, bytes);
        Inclusion included = await _submitter.SubmitAsync(storage, call, keypair, head.Number, head.Hash, cancellationToken).ConfigureAwait(false);
        ChainStorage atInclusion = await _reader.StorageAtAsync(included.Hash, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Commitment> all = await SubnetState.CommitmentsAsync(atInclusion, Netuid, included.Hash, included.Number, cancellationToken).ConfigureAwait(false);
        return all.LastOrDefault(c => c.Hotkey == address && c.Data == data)
            ?? throw new ChainUnavailableException($"Extrinsic {included.TxHash} is in block {included.Number} but the commitment is not in that block's state.");
    }

    /// <summary><c>Commitments.set_commitment(netuid, {fields: [Raw{N}(bytes)]})</c>, encoded from the metadata.</summary>
    internal static byte[] CommitmentCall(Metadata.RuntimeMetadata metadata, ushort netuid, byte[] bytes)
    {
        var raw = new ScaleValue.Variant($"Raw{bytes.Length}", (byte)(bytes.Length + 1), [(null, new ScaleValue.Bytes(bytes))]);
        return SignedExtrinsic.Call(metadata, "Commitments", "set_commitment", new Dictionary<string, ScaleValue>
        {
            ["netuid"] = new ScaleValue.Number(netuid),
            ["info"] = new ScaleValue.Sequence([raw]),
        });
    }

    public async ValueTask DisposeAsync() => await _rpc.DisposeAsync().ConfigureAwait(false);

    private (Sr25519Keypair, string) LoadHotkey()
        => HotkeyFile.Load(HotkeyFile.PathOf(_options.WalletPath, _options.WalletName, _options.HotkeyName));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subtensor weights not sent: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Validator UID {Uid} at block {Block}: permit held, alpha stake {Stake} rao (stake threshold {Threshold}).")]
    private static partial void LogValidator(ILogger logger, ushort uid, long block, ulong? stake, ulong? threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weight for hotkey {Hotkey} dropped: it holds no UID on the subnet at the round's block.")]
    private static partial void LogUnknownHotkey(ILogger logger, string hotkey);
}
