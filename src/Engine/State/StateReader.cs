using Microsoft.Data.Sqlite;
using Tournament.Abstractions;
using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.State;

/// <summary>Queries that read committed state (callers wrap them in one read transaction for a consistent view).</summary>
internal static partial class StateReader
{
    private const string RoundColumns = "mode, block, block_hash, seed, king_hotkey, king_commit_block, explanation, completed_at";

    /// <summary>Reads a mode's whole committed state.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The read transaction.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<StateSnapshot> ReadSnapshotAsync(SqliteConnection connection, SqliteTransaction transaction, string mode, CancellationToken cancellationToken)
    {
        var standings = await ReadStandingsAsync(connection, transaction, mode, 0, -1, cancellationToken).ConfigureAwait(false);
        var king = await ReadKingAsync(connection, transaction, mode, cancellationToken).ConfigureAwait(false);
        var disqualifications = await ReadDisqualificationsAsync(connection, transaction, mode, 0, -1, cancellationToken).ConfigureAwait(false);
        var fingerprints = await Sql.QueryAsync(
            connection, transaction,
            "SELECT hotkey, commit_block, kind, value FROM fingerprints WHERE mode = $mode ORDER BY id;",
            r => new FingerprintRecord(new SubmissionKey(r.GetString(0), r.GetInt64(1)), r.GetString(2), r.GetString(3)),
            cancellationToken, ("$mode", mode)).ConfigureAwait(false);
        var passed = await Sql.QueryAsync(
            connection, transaction,
            "SELECT hotkey, commit_block, check_name FROM passed_checks WHERE mode = $mode ORDER BY round_id, rowid;",
            r => new CheckPassRecord(new SubmissionKey(r.GetString(0), r.GetInt64(1)), r.GetString(2)),
            cancellationToken, ("$mode", mode)).ConfigureAwait(false);
        var evaluated = await Sql.QueryAsync(
            connection, transaction,
            "SELECT hotkey, commit_block FROM evaluations WHERE mode = $mode ORDER BY round_id, rowid;",
            r => new SubmissionKey(r.GetString(0), r.GetInt64(1)),
            cancellationToken, ("$mode", mode)).ConfigureAwait(false);
        var kings = await Sql.QueryAsync(
            connection, transaction,
            "SELECT hotkey, commit_block FROM king_history WHERE mode = $mode AND hotkey IS NOT NULL ORDER BY id;",
            r => new SubmissionKey(r.GetString(0), r.GetInt64(1)),
            cancellationToken, ("$mode", mode)).ConfigureAwait(false);
        var lastRound = (await ReadRoundsAsync(connection, transaction, mode, 1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        return new StateSnapshot(
            mode,
            new Standings(standings),
            king,
            disqualifications.ToDictionary(d => d.Key),
            fingerprints,
            passed.ToHashSet(),
            lastRound)
        {
            Evaluated = evaluated.ToHashSet(),
            KingHistory = kings,
        };
    }

    /// <summary>A page of standings in position order: walks the <c>standings_by_position</c> index (schema v4), no sort.</summary>
    internal const string StandingsPage = """
        SELECT s.hotkey, s.commit_block, sub.uid, sub.repo, sub.revision, s.score, s.rounds_scored, s.last_scored_block, s.metrics
        FROM standings s JOIN submissions sub ON sub.mode = s.mode AND sub.hotkey = s.hotkey AND sub.commit_block = s.commit_block
        WHERE s.mode = $mode ORDER BY s.position LIMIT $limit OFFSET $offset;
        """;

    /// <summary>Reads a page of a mode's standings, best first.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The read transaction.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="offset">Rows to skip.</param>
    /// <param name="limit">At most this many rows; -1 for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<List<StandingEntry>> ReadStandingsAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, int offset, int limit, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            StandingsPage,
            r => new StandingEntry(
                new Submission(r.GetString(0), r.GetInt32(2), r.GetInt64(1), new ModelRef(r.GetString(3), r.GetString(4))),
                r.NullableDouble(5), r.GetInt32(6), r.NullableInt64(7), StateCodec.Metrics(r.GetString(8))),
            cancellationToken, ("$mode", mode), ("$limit", limit), ("$offset", offset));

    /// <summary>Reads a page of a mode's disqualifications, in the order they were recorded.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The read transaction.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="offset">Rows to skip.</param>
    /// <param name="limit">At most this many rows; -1 for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<List<DisqualificationRecord>> ReadDisqualificationsAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, int offset, int limit, CancellationToken cancellationToken) =>
        Sql.QueryAsync(
            connection, transaction,
            "SELECT hotkey, commit_block, reason_code, message, block, source FROM disqualifications WHERE mode = $mode ORDER BY round_id, rowid LIMIT $limit OFFSET $offset;",
            r => new DisqualificationRecord(new SubmissionKey(r.GetString(0), r.GetInt64(1)), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5)),
            cancellationToken, ("$mode", mode), ("$limit", limit), ("$offset", offset));

    /// <summary>Reads the current king of a mode (the latest history entry), or null.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<KingRecord?> ReadKingAsync(SqliteConnection connection, SqliteTransaction transaction, string mode, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            connection, transaction,
            "SELECT hotkey, commit_block, since_block, reason FROM king_history WHERE mode = $mode ORDER BY id DESC LIMIT 1;",
            r => r.IsDBNull(0) ? null : new KingRecord(new SubmissionKey(r.GetString(0), r.GetInt64(1)), r.GetInt64(2), r.GetString(3)),
            cancellationToken, ("$mode", mode)).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    /// <summary>Reads the latest rounds of a mode, newest first.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="offset">Rounds to skip (newest first).</param>
    public static Task<List<RoundSummary>> ReadRoundsAsync(SqliteConnection connection, SqliteTransaction? transaction, string mode, int limit, CancellationToken cancellationToken, int offset = 0) =>
        Sql.QueryAsync(
            connection, transaction,
            $"SELECT {RoundColumns} FROM rounds WHERE mode = $mode ORDER BY block DESC, id DESC LIMIT $limit OFFSET $offset;",
            MapRound, cancellationToken, ("$mode", mode), ("$limit", limit), ("$offset", offset));

    /// <summary>Finds a round by mode and block hash.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The read transaction.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="blockHash">The block hash.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<RoundSummary?> FindRoundAsync(SqliteConnection connection, SqliteTransaction transaction, string mode, string blockHash, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(
            connection, transaction,
            $"SELECT {RoundColumns} FROM rounds WHERE mode = $mode AND block_hash_key = $key;",
            MapRound, cancellationToken, ("$mode", mode), ("$key", StateCodec.BlockHashKey(blockHash))).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    /// <summary>Reads a round's per-model results in their committed order, with per-prompt scores.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The read transaction.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="blockHash">The round's block hash.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<IReadOnlyList<ModelScoreRecord>> ReadScoresAsync(SqliteConnection connection, SqliteTransaction transaction, string mode, string blockHash, CancellationToken cancellationToken)
    {
        var key = StateCodec.BlockHashKey(blockHash);
        var prompts = await Sql.QueryAsync(
            connection, transaction,
            """
            SELECT p.hotkey, p.commit_block, p.prompt_id, p.value FROM prompt_scores p JOIN rounds r ON r.id = p.round_id
            WHERE r.mode = $mode AND r.block_hash_key = $key ORDER BY p.hotkey, p.commit_block, p.position;
            """,
            r => (Key: new SubmissionKey(r.GetString(0), r.GetInt64(1)), Score: new PromptScore(r.GetString(2), StateCodec.PromptValue(r.NullableDouble(3)))),
            cancellationToken, ("$mode", mode), ("$key", key)).ConfigureAwait(false);
        var byKey = prompts.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<PromptScore>)g.Select(p => p.Score).ToList());
        return await Sql.QueryAsync(
            connection, transaction,
            """
            SELECT m.hotkey, m.commit_block, m.status, m.score, m.reason FROM model_scores m JOIN rounds r ON r.id = m.round_id
            WHERE r.mode = $mode AND r.block_hash_key = $key ORDER BY m.position;
            """,
            r =>
            {
                var submission = new SubmissionKey(r.GetString(0), r.GetInt64(1));
                return new ModelScoreRecord(submission, r.GetString(2), r.NullableDouble(3), r.NullableString(4), byKey.GetValueOrDefault(submission) ?? []);
            },
            cancellationToken, ("$mode", mode), ("$key", key)).ConfigureAwait(false);
    }

    private static RoundSummary MapRound(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetInt64(1),
        r.GetString(2),
        r.GetString(3),
        r.IsDBNull(4) ? null : new SubmissionKey(r.GetString(4), r.GetInt64(5)),
        r.GetString(6),
        StateCodec.Time(r.GetString(7)));
}
