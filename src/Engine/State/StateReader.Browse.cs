using Microsoft.Data.Sqlite;
using Tournament.Abstractions;
using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.State;

/// <summary>A mode present in the state: how many rounds it has and its latest block.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Rounds">Committed rounds.</param>
/// <param name="LastBlock">The block of the latest round.</param>
internal sealed record ModeSummary(string Mode, long Rounds, long LastBlock);

/// <summary>How many rows of each kind a mode has.</summary>
/// <param name="Rounds">Committed rounds.</param>
/// <param name="Standings">Standing entries.</param>
/// <param name="Disqualifications">Disqualified submissions.</param>
internal sealed record ModeCounts(long Rounds, long Standings, long Disqualifications);

/// <summary>One submission's result in one round.</summary>
/// <param name="Block">The round's block.</param>
/// <param name="BlockHash">The round's block hash.</param>
/// <param name="Status">The candidate status.</param>
/// <param name="Score">The score when scored.</param>
/// <param name="Reason">The reason when not scored.</param>
/// <param name="StandingScore">Its standing score after the round (the king rule's, e.g. the EMA); null when it had no standing then, or for rounds committed before schema v4.</param>
internal sealed record SubmissionRound(long Block, string BlockHash, string Status, double? Score, string? Reason, double? StandingScore);

/// <summary>One timing over a mode's rounds.</summary>
/// <param name="Kind">step, component or task.</param>
/// <param name="Name">Its name.</param>
/// <param name="Seconds">Seconds summed over every round.</param>
/// <param name="Calls">Calls summed over every round.</param>
/// <param name="Rounds">Rounds that recorded it.</param>
/// <param name="LastRoundSeconds">Its seconds in the latest round, when that round recorded it.</param>
internal sealed record TimingTotal(string Kind, string Name, double Seconds, long Calls, long Rounds, double? LastRoundSeconds);

/// <summary>One scored point: a submission's score in the round at a block.</summary>
/// <param name="Block">The round's block.</param>
/// <param name="Key">The submission.</param>
/// <param name="Score">The score.</param>
internal sealed record ScorePoint(long Block, SubmissionKey Key, double Score);

/// <content>Reads for browsing committed state (the <c>serve</c> API, reports): pages, counts, per-submission history.</content>
internal static partial class StateReader
{
    private const string RoundByHash = "(SELECT id FROM rounds WHERE mode = $mode AND block_hash_key = $key)";

    /// <summary>A change counter of the whole state: the id of the latest committed round (0 when none).</summary>
    public static async Task<long> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        (long)(await Sql.ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(id), 0) FROM rounds;", cancellationToken).ConfigureAwait(false) ?? 0L);

    /// <summary>Every mode that has committed rounds.</summary>
    public static Task<List<ModeSummary>> ReadModesAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction, "SELECT mode, COUNT(*), MAX(block) FROM rounds GROUP BY mode ORDER BY mode;",
            r => new ModeSummary(r.GetString(0), r.GetInt64(1), r.GetInt64(2)), cancellationToken);

    /// <summary>Row counts of a mode.</summary>
    public static async Task<ModeCounts> ReadCountsAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            connection, transaction,
            """
            SELECT (SELECT COUNT(*) FROM rounds WHERE mode = $mode), (SELECT COUNT(*) FROM standings WHERE mode = $mode),
                   (SELECT COUNT(*) FROM disqualifications WHERE mode = $mode);
            """,
            r => new ModeCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)), cancellationToken, ("$mode", mode)).ConfigureAwait(false);
        return rows[0];
    }

    /// <summary>The weights a committed round set (empty when the round is unknown), in the order they were written.</summary>
    public static async Task<WeightVector> ReadWeightsAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, string blockHash, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            connection, transaction,
            "SELECT w.hotkey, w.weight FROM weights w JOIN rounds r ON r.id = w.round_id WHERE r.mode = $mode AND r.block_hash_key = $key ORDER BY w.rowid;",
            r => (r.GetString(0), r.GetDouble(1)),
            cancellationToken, ("$mode", mode), ("$key", StateCodec.BlockHashKey(blockHash))).ConfigureAwait(false);
        return new WeightVector(rows.ToDictionary(r => r.Item1, r => r.Item2));
    }

    /// <summary>Every change of king of a mode, oldest first.</summary>
    public static Task<List<KingChange>> ReadKingHistoryAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            """
            SELECT k.hotkey, k.commit_block, k.since_block, k.reason, r.block_hash
            FROM king_history k JOIN rounds r ON r.id = k.round_id WHERE k.mode = $mode ORDER BY k.id;
            """,
            r => new KingChange(r.IsDBNull(0) ? null : new SubmissionKey(r.GetString(0), r.GetInt64(1)), r.GetInt64(2), r.GetString(3), r.GetString(4)),
            cancellationToken, ("$mode", mode));

    /// <summary>A submission as first recorded, or null.</summary>
    public static async Task<Submission?> FindSubmissionAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, SubmissionKey key, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            connection, transaction,
            "SELECT uid, repo, revision FROM submissions WHERE mode = $mode AND hotkey = $hotkey AND commit_block = $commit;",
            r => new Submission(key.Hotkey, r.GetInt32(0), key.CommitBlock, new ModelRef(r.GetString(1), r.GetString(2))),
            cancellationToken, ("$mode", mode), ("$hotkey", key.Hotkey), ("$commit", key.CommitBlock)).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    /// <summary>A submission's result in each round it took part in, newest first.</summary>
    public static Task<List<SubmissionRound>> ReadSubmissionRoundsAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, SubmissionKey key, int limit, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            """
            SELECT r.block, r.block_hash, m.status, m.score, m.reason, m.standing_score FROM model_scores m JOIN rounds r ON r.id = m.round_id
            WHERE r.mode = $mode AND m.hotkey = $hotkey AND m.commit_block = $commit ORDER BY r.block DESC, r.id DESC LIMIT $limit;
            """,
            r => new SubmissionRound(r.GetInt64(0), r.GetString(1), r.GetString(2), r.NullableDouble(3), r.NullableString(4), r.NullableDouble(5)),
            cancellationToken, ("$mode", mode), ("$hotkey", key.Hotkey), ("$commit", key.CommitBlock), ("$limit", limit));

    /// <summary>A submission's position in the standings (0 is best), or null when it has none.</summary>
    public static async Task<int?> FindStandingPositionAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, SubmissionKey key, CancellationToken cancellationToken)
    {
        var position = await Sql.ScalarAsync(
            connection, transaction, "SELECT position FROM standings WHERE mode = $mode AND hotkey = $hotkey AND commit_block = $commit;",
            cancellationToken, ("$mode", mode), ("$hotkey", key.Hotkey), ("$commit", key.CommitBlock)).ConfigureAwait(false);
        return position is long p ? (int)p : null;
    }

    /// <summary>The timings a committed round recorded: steps, component calls, tasks, then scorer-reported phases, each in the order they first occurred.</summary>
    public static Task<List<RoundTiming>> ReadRoundTimingsAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, string blockHash, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            $"SELECT kind, name, seconds, calls FROM round_timings WHERE round_id = {RoundByHash} ORDER BY CASE kind WHEN 'step' THEN 0 WHEN 'component' THEN 1 WHEN 'task' THEN 2 ELSE 3 END, rowid;",
            r => new RoundTiming(r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetInt32(3)),
            cancellationToken, ("$mode", mode), ("$key", StateCodec.BlockHashKey(blockHash)));

    /// <summary>Every timing of a mode summed over its rounds, with its value in the latest round (metrics).</summary>
    public static Task<List<TimingTotal>> ReadTimingTotalsAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            """
            SELECT t.kind, t.name, SUM(t.seconds), SUM(t.calls), COUNT(*),
                   SUM(CASE WHEN t.round_id = (SELECT id FROM rounds WHERE mode = $mode ORDER BY block DESC, id DESC LIMIT 1) THEN t.seconds END)
            FROM round_timings t JOIN rounds r ON r.id = t.round_id WHERE r.mode = $mode GROUP BY t.kind, t.name ORDER BY t.kind, t.name;
            """,
            r => new TimingTotal(r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetInt64(3), r.GetInt64(4), r.NullableDouble(5)),
            cancellationToken, ("$mode", mode));

    /// <summary>The checks a submission passed once (in the order they passed).</summary>
    public static Task<List<string>> ReadPassedChecksAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, SubmissionKey key, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            "SELECT check_name FROM passed_checks WHERE mode = $mode AND hotkey = $hotkey AND commit_block = $commit ORDER BY round_id, rowid;",
            r => r.GetString(0), cancellationToken, ("$mode", mode), ("$hotkey", key.Hotkey), ("$commit", key.CommitBlock));

    /// <summary>A submission's disqualification, or null.</summary>
    public static async Task<DisqualificationRecord?> FindDisqualificationAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, SubmissionKey key, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            connection, transaction,
            "SELECT reason_code, message, block, source FROM disqualifications WHERE mode = $mode AND hotkey = $hotkey AND commit_block = $commit;",
            r => new DisqualificationRecord(key, r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3)),
            cancellationToken, ("$mode", mode), ("$hotkey", key.Hotkey), ("$commit", key.CommitBlock)).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    /// <summary>The disqualifications a round recorded.</summary>
    public static Task<List<DisqualificationRecord>> ReadRoundDisqualificationsAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, string blockHash, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            $"SELECT hotkey, commit_block, reason_code, message, block, source FROM disqualifications WHERE mode = $mode AND round_id = {RoundByHash} ORDER BY rowid;",
            r => new DisqualificationRecord(new SubmissionKey(r.GetString(0), r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5)),
            cancellationToken, ("$mode", mode), ("$key", StateCodec.BlockHashKey(blockHash)));

    /// <summary>The checks first passed in a round.</summary>
    public static Task<List<CheckPassRecord>> ReadRoundPassesAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, string blockHash, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            $"SELECT hotkey, commit_block, check_name FROM passed_checks WHERE mode = $mode AND round_id = {RoundByHash} ORDER BY rowid;",
            r => new CheckPassRecord(new SubmissionKey(r.GetString(0), r.GetInt64(1)), r.GetString(2)),
            cancellationToken, ("$mode", mode), ("$key", StateCodec.BlockHashKey(blockHash)));

    /// <summary>The scores of the best <paramref name="top"/> standing submissions over the latest <paramref name="rounds"/> rounds, oldest first.</summary>
    public static Task<List<ScorePoint>> ReadScoreSeriesAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, int rounds, int top, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            """
            SELECT r.block, m.hotkey, m.commit_block, m.score FROM model_scores m
            JOIN rounds r ON r.id = m.round_id
            JOIN standings s ON s.mode = r.mode AND s.hotkey = m.hotkey AND s.commit_block = m.commit_block AND s.position < $top
            WHERE r.mode = $mode AND m.status = 'scored'
              AND r.id IN (SELECT id FROM rounds WHERE mode = $mode ORDER BY block DESC, id DESC LIMIT $rounds)
            ORDER BY r.block, r.id, s.position;
            """,
            r => new ScorePoint(r.GetInt64(0), new SubmissionKey(r.GetString(1), r.GetInt64(2)), r.GetDouble(3)),
            cancellationToken, ("$mode", mode), ("$rounds", rounds), ("$top", top));

    /// <summary>Named counts of a mode for metrics: candidate outcomes by status, disqualifications by reason, passes by check.</summary>
    public static Task<List<(string Kind, string Label, long Count)>> ReadTalliesAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            """
            SELECT 'outcome', m.status, COUNT(*) FROM model_scores m JOIN rounds r ON r.id = m.round_id WHERE r.mode = $mode GROUP BY m.status
            UNION ALL SELECT 'disqualification', reason_code, COUNT(*) FROM disqualifications WHERE mode = $mode GROUP BY reason_code
            UNION ALL SELECT 'check_pass', check_name, COUNT(*) FROM passed_checks WHERE mode = $mode GROUP BY check_name
            UNION ALL SELECT 'king_change', 'all', COUNT(*) FROM king_history WHERE mode = $mode;
            """,
            r => (r.GetString(0), r.GetString(1), r.GetInt64(2)), cancellationToken, ("$mode", mode));
}
