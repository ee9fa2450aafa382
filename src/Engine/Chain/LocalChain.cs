using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OneOf;
using OneOf.Types;
using Tournament.Abstractions;
using Tournament.Engine.Common;
using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.Chain;

/// <summary>
/// The embedded chain: a ledger in its own SQLite file. Blocks are a function of time: genesis is recorded at first
/// use, and the head is <c>floor((now − genesis) / BlockTimeSeconds)</c>; hashes come from <see cref="BlockHashChain"/>.
/// Commitments land in the head block; an unknown hotkey is registered with the next never-used UID.
/// </summary>
[Component("local-chain", Options = typeof(LocalChainOptions), Description = "A local ledger (blocks from the clock, commitments, neurons, weights) in a SQLite file.")]
internal sealed partial class LocalChain : IChain, IDisposable
{
    /// <summary>The longest commitment the ledger stores (the commitment parser accepts far less).</summary>
    public const int MaxCommitmentLength = 65_536;

    private readonly SqliteFile _file;
    private readonly LocalChainOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LocalChain> _logger;
    private readonly BlockHashChain _hashes;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile StrongBox<DateTimeOffset>? _genesis;

    /// <summary>Creates the chain; the ledger is created on first use.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="environment">The host environment (paths).</param>
    /// <param name="time">The clock that drives blocks.</param>
    /// <param name="logger">The logger.</param>
    public LocalChain(LocalChainOptions options, HostEnvironment environment, TimeProvider time, ILogger<LocalChain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _file = new SqliteFile(DataPaths.Resolve(environment, options.Path, "chain.db"), options.BusyTimeoutSeconds, "local chain ledger", "Components:local-chain:Path");
        _time = time;
        _logger = logger;
        _hashes = new BlockHashChain(options.GenesisSeed);
    }

    /// <summary>The ledger file.</summary>
    public string Path => _file.Path;

    /// <summary>The block time.</summary>
    private TimeSpan BlockTime => TimeSpan.FromSeconds(_options.BlockTimeSeconds);

    /// <inheritdoc />
    public async Task<ChainHead> GetHeadAsync(CancellationToken cancellationToken)
    {
        var genesis = await GenesisAsync(cancellationToken).ConfigureAwait(false);
        var number = HeadNumber(genesis);
        return new ChainHead(number, _hashes.HashOf(number), genesis + (BlockTime * number));
    }

    /// <summary>The hash of any block (as <see cref="ChainHead.Hash"/> gives for the head).</summary>
    /// <param name="number">The block number.</param>
    public string HashOf(long number) => _hashes.HashOf(number);

    /// <inheritdoc />
    public Task<IReadOnlyList<Commitment>> GetCommitmentsAsync(long upToBlock, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<Commitment>>(
            async c => await Sql.QueryAsync(
                c, null,
                "SELECT hotkey, block, idx, data FROM commitments WHERE netuid = $netuid AND block <= $upTo ORDER BY block, idx;",
                r => new Commitment(r.GetString(0), r.GetInt64(1), r.GetInt32(2), r.GetString(3)),
                cancellationToken, ("$netuid", _options.Netuid), ("$upTo", upToBlock)).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Neuron>> GetNeuronsAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<Neuron>>(
            async c => await Sql.QueryAsync(
                c, null,
                "SELECT uid, hotkey, registered_at_block FROM neurons WHERE netuid = $netuid AND deregistered_at_block IS NULL ORDER BY uid;",
                r => new Neuron(r.GetInt32(0), r.GetString(1), r.GetInt64(2)),
                cancellationToken, ("$netuid", _options.Netuid)).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc />
    public async Task<OneOf<Success, Deferred>> SetWeightsAsync(WeightVector weights, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (var (hotkey, weight) in weights.ByHotkey)
        {
            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentException($"The weight of '{hotkey}' is {weight}; weights must be finite and non-negative.", nameof(weights));
            }
        }

        var block = await InWriteTransactionAsync(
            async (c, t, head) =>
            {
                var setId = (long)(await Sql.ScalarAsync(c, t, "SELECT coalesce(max(set_id), 0) + 1 FROM weights WHERE netuid = $netuid;", cancellationToken, ("$netuid", _options.Netuid)).ConfigureAwait(false))!;
                foreach (var (hotkey, weight) in weights.ByHotkey)
                {
                    await Sql.ExecuteAsync(
                        c, t, "INSERT INTO weights (netuid, set_id, block, hotkey, weight) VALUES ($netuid, $set, $block, $hotkey, $weight);", cancellationToken,
                        ("$netuid", _options.Netuid), ("$set", setId), ("$block", head), ("$hotkey", hotkey), ("$weight", weight)).ConfigureAwait(false);
                }

                return head;
            },
            cancellationToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogWeightsSet(_logger, weights.ByHotkey.Count, block);
        }

        return new Success();
    }

    /// <inheritdoc />
    public async Task<Commitment> CommitAsync(string hotkey, string data, CancellationToken cancellationToken)
    {
        ValidateHotkey(hotkey);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length > MaxCommitmentLength)
        {
            throw new ArgumentException($"The commitment is {data.Length} characters long; the local chain stores at most {MaxCommitmentLength}.", nameof(data));
        }

        var commitment = await InWriteTransactionAsync(
            async (c, t, head) =>
            {
                if (await FindActiveUidAsync(c, t, hotkey, cancellationToken).ConfigureAwait(false) is null)
                {
                    await InsertNeuronAsync(c, t, hotkey, await NextNewUidAsync(c, t, cancellationToken).ConfigureAwait(false), head, cancellationToken).ConfigureAwait(false);
                }

                var index = Convert.ToInt32(
                    await Sql.ScalarAsync(c, t, "SELECT coalesce(max(idx), -1) + 1 FROM commitments WHERE netuid = $netuid AND block = $block;", cancellationToken, ("$netuid", _options.Netuid), ("$block", head)).ConfigureAwait(false),
                    CultureInfo.InvariantCulture);
                await Sql.ExecuteAsync(
                    c, t, "INSERT INTO commitments (netuid, block, idx, hotkey, data) VALUES ($netuid, $block, $idx, $hotkey, $data);", cancellationToken,
                    ("$netuid", _options.Netuid), ("$block", head), ("$idx", index), ("$hotkey", hotkey), ("$data", data)).ConfigureAwait(false);
                return new Commitment(hotkey, head, index, data);
            },
            cancellationToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogCommitted(_logger, hotkey, commitment.Block, commitment.Index);
        }

        return commitment;
    }

    /// <inheritdoc />
    public void Dispose() => _initialization.Dispose();

    private long HeadNumber(DateTimeOffset genesis)
    {
        var elapsed = _time.GetUtcNow() - genesis;
        return elapsed <= TimeSpan.Zero ? 0 : elapsed.Ticks / BlockTime.Ticks;
    }

    private static void ValidateHotkey(string hotkey)
    {
        if (hotkey is null || !HotkeyPattern().IsMatch(hotkey))
        {
            throw new ArgumentException($"'{hotkey}' is not a valid hotkey; use 1 to 128 letters, digits, '.', '_' or '-'.", nameof(hotkey));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HotkeyPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Local chain: weights for {Count} hotkeys set at block {Block}")]
    private static partial void LogWeightsSet(ILogger logger, int count, long block);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local chain: {Hotkey} committed at block {Block} (index {Index})")]
    private static partial void LogCommitted(ILogger logger, string hotkey, long block, int index);
}
