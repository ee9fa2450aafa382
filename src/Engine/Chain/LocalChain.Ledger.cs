using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Tournament.Abstractions;
using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.Chain;

/// <summary>A row of the weights the validator set.</summary>
/// <param name="SetId">Which <see cref="IChain.SetWeightsAsync"/> call (1, 2, …).</param>
/// <param name="Block">The block it was set at.</param>
/// <param name="Hotkey">The hotkey.</param>
/// <param name="Weight">The weight.</param>
internal sealed record WeightRow(long SetId, long Block, string Hotkey, double Weight);

/// <content>Ledger plumbing and the registration helpers (the local stand-in for subnet registration).</content>
internal sealed partial class LocalChain
{
    /// <summary>
    /// Registers a hotkey. With <paramref name="uid"/>, into that slot, which must be free (never used, or freed by
    /// <see cref="DeregisterAsync"/>): this is how a UID is recycled. Without, into the lowest freed slot, else a new one.
    /// </summary>
    /// <param name="hotkey">The hotkey.</param>
    /// <param name="uid">The slot, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Neuron> RegisterAsync(string hotkey, int? uid, CancellationToken cancellationToken)
    {
        ValidateHotkey(hotkey);
        if (uid is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(uid), uid, "A UID is not negative.");
        }

        return InWriteTransactionAsync(
            async (c, t, head) =>
            {
                if (await FindActiveUidAsync(c, t, hotkey, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    throw new InvalidOperationException($"Hotkey '{hotkey}' is already registered with UID {existing}.");
                }

                var slot = uid ?? await LowestFreedUidAsync(c, t, cancellationToken).ConfigureAwait(false) ?? await NextNewUidAsync(c, t, cancellationToken).ConfigureAwait(false);
                var holder = await Sql.ScalarAsync(
                    c, t, "SELECT hotkey FROM neurons WHERE netuid = $netuid AND uid = $uid AND deregistered_at_block IS NULL;", cancellationToken,
                    ("$netuid", _options.Netuid), ("$uid", slot)).ConfigureAwait(false);
                if (holder is string other)
                {
                    throw new InvalidOperationException($"UID {slot} is held by '{other}'; deregister it first.");
                }

                await InsertNeuronAsync(c, t, hotkey, slot, head, cancellationToken).ConfigureAwait(false);
                return new Neuron(slot, hotkey, head);
            },
            cancellationToken);
    }

    /// <summary>Deregisters a hotkey, freeing its UID for <see cref="RegisterAsync"/>. Its commitments stay on the ledger.</summary>
    /// <param name="hotkey">The hotkey.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task DeregisterAsync(string hotkey, CancellationToken cancellationToken)
    {
        ValidateHotkey(hotkey);
        return InWriteTransactionAsync(
            async (c, t, head) =>
            {
                var changed = await Sql.ExecuteAsync(
                    c, t, "UPDATE neurons SET deregistered_at_block = $block WHERE netuid = $netuid AND hotkey = $hotkey AND deregistered_at_block IS NULL;", cancellationToken,
                    ("$block", head), ("$netuid", _options.Netuid), ("$hotkey", hotkey)).ConfigureAwait(false);
                return changed == 1 ? true : throw new InvalidOperationException($"Hotkey '{hotkey}' is not registered.");
            },
            cancellationToken);
    }

    /// <summary>Reads every weight row set so far, in order.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<WeightRow>> GetWeightHistoryAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<WeightRow>>(
            async c => await Sql.QueryAsync(
                c, null,
                "SELECT set_id, block, hotkey, weight FROM weights WHERE netuid = $netuid ORDER BY id;",
                r => new WeightRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetDouble(3)),
                cancellationToken, ("$netuid", _options.Netuid)).ConfigureAwait(false),
            cancellationToken);

    private async Task<DateTimeOffset> GenesisAsync(CancellationToken cancellationToken)
    {
        if (_genesis is { } known)
        {
            return known.Value;
        }

        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_genesis is null)
            {
                await SchemaMigrator.MigrateAsync(_file, ApplicationIds.Chain, ChainSchema.Migrations, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                _genesis = new StrongBox<DateTimeOffset>(await RecordGenesisAsync(cancellationToken).ConfigureAwait(false));
            }

            return _genesis.Value;
        }
        finally
        {
            _initialization.Release();
        }
    }

    private async Task<DateTimeOffset> RecordGenesisAsync(CancellationToken cancellationToken)
    {
        var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var facts = (await Sql.QueryAsync(connection, transaction, "SELECT name, value FROM ledger;", r => (r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false))
                    .ToDictionary(f => f.Item1, f => f.Item2);
                if (facts.Count == 0)
                {
                    facts["genesis_time"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
                    facts["genesis_seed"] = _options.GenesisSeed;
                    facts["block_time_seconds"] = _options.BlockTimeSeconds.ToString(CultureInfo.InvariantCulture);
                    foreach (var (name, value) in facts)
                    {
                        await Sql.ExecuteAsync(connection, transaction, "INSERT INTO ledger (name, value) VALUES ($name, $value);", cancellationToken, ("$name", name), ("$value", value)).ConfigureAwait(false);
                    }
                }

                Require(facts, "genesis_seed", _options.GenesisSeed, "GenesisSeed");
                Require(facts, "block_time_seconds", _options.BlockTimeSeconds.ToString(CultureInfo.InvariantCulture), "BlockTimeSeconds");
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return DateTimeOffset.ParseExact(facts["genesis_time"], "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
            }
        }
    }

    private void Require(Dictionary<string, string> facts, string name, string configured, string option)
    {
        if (!facts.TryGetValue(name, out var recorded) || recorded != configured)
        {
            throw new InvalidDataException(
                $"The local chain ledger '{_file.Path}' was created with {option} '{recorded}', but Components:local-chain:{option} is '{configured}'; restore the setting or point Components:local-chain:Path at a new file.");
        }
    }

    private async Task<T> WithConnectionAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await GenesisAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                return await read(connection).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (_file.Translate(ex) is { } clear)
            {
                throw clear;
            }
        }
    }

    private async Task<T> InWriteTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, long, Task<T>> write, CancellationToken cancellationToken)
    {
        var genesis = await GenesisAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                var transaction = connection.BeginTransaction(deferred: false);
                await using (transaction.ConfigureAwait(false))
                {
                    // The head is read after the write lock is held, so (block, index) is a total order across writers; a clock
                    // that went back (or another process with a slower clock) never places a commitment before an earlier one.
                    var last = await Sql.ScalarAsync(connection, transaction, "SELECT max(block) FROM commitments WHERE netuid = $netuid;", cancellationToken, ("$netuid", _options.Netuid)).ConfigureAwait(false);
                    var head = Math.Max(HeadNumber(genesis), last is null ? 0 : Convert.ToInt64(last, CultureInfo.InvariantCulture));
                    var result = await write(connection, transaction, head).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
            catch (SqliteException ex) when (_file.Translate(ex) is { } clear)
            {
                throw clear;
            }
        }
    }

    private async Task<int?> FindActiveUidAsync(SqliteConnection c, SqliteTransaction t, string hotkey, CancellationToken cancellationToken)
    {
        var uid = await Sql.ScalarAsync(
            c, t, "SELECT uid FROM neurons WHERE netuid = $netuid AND hotkey = $hotkey AND deregistered_at_block IS NULL;", cancellationToken,
            ("$netuid", _options.Netuid), ("$hotkey", hotkey)).ConfigureAwait(false);
        return uid is null ? null : Convert.ToInt32(uid, CultureInfo.InvariantCulture);
    }

    private async Task<int> NextNewUidAsync(SqliteConnection c, SqliteTransaction t, CancellationToken cancellationToken) =>
        Convert.ToInt32(
            await Sql.ScalarAsync(c, t, "SELECT coalesce(max(uid), -1) + 1 FROM neurons WHERE netuid = $netuid;", cancellationToken, ("$netuid", _options.Netuid)).ConfigureAwait(false),
            CultureInfo.InvariantCulture);

    private async Task<int?> LowestFreedUidAsync(SqliteConnection c, SqliteTransaction t, CancellationToken cancellationToken)
    {
        var uid = await Sql.ScalarAsync(
            c, t,
            """
            SELECT min(uid) FROM neurons n WHERE netuid = $netuid
              AND NOT EXISTS (SELECT 1 FROM neurons a WHERE a.netuid = n.netuid AND a.uid = n.uid AND a.deregistered_at_block IS NULL);
            """,
            cancellationToken, ("$netuid", _options.Netuid)).ConfigureAwait(false);
        return uid is null ? null : Convert.ToInt32(uid, CultureInfo.InvariantCulture);
    }

    private Task<int> InsertNeuronAsync(SqliteConnection c, SqliteTransaction t, string hotkey, int uid, long block, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(
            c, t, "INSERT INTO neurons (netuid, uid, hotkey, registered_at_block) VALUES ($netuid, $uid, $hotkey, $block);", cancellationToken,
            ("$netuid", _options.Netuid), ("$uid", uid), ("$hotkey", hotkey), ("$block", block));
}
