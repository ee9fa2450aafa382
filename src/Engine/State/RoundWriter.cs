using Microsoft.Data.Sqlite;
using Tournament.Abstractions;
using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.State;

/// <summary>Writes one <see cref="RoundRecord"/> inside the caller's transaction, in a fixed order.</summary>
internal sealed class RoundWriter(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken) : IDisposable
{
    // Per-prompt rows are the bulk of a round (models × prompts): one prepared statement is reused for all of them.
    private SqliteCommand? _promptInsert;

    /// <inheritdoc />
    public void Dispose() => _promptInsert?.Dispose();

    /// <summary>Writes the round; returns false (writing nothing) when the mode already has a round with this block hash.</summary>
    /// <param name="round">The round.</param>
    public async Task<bool> WriteAsync(RoundRecord round)
    {
        ArgumentNullException.ThrowIfNull(round);
        var summary = round.Summary;
        var mode = summary.Mode;
        var existing = await Sql.ScalarAsync(
            connection, transaction, "SELECT id FROM rounds WHERE mode = $mode AND block_hash_key = $key;", cancellationToken,
            ("$mode", mode), ("$key", StateCodec.BlockHashKey(summary.BlockHash))).ConfigureAwait(false);
        if (existing is not null)
        {
            return false;
        }

        var roundId = await InsertRoundAsync(summary).ConfigureAwait(false);
        foreach (var submission in round.Submissions.Concat(round.Standings.Entries.Select(e => e.Submission)))
        {
            await UpsertSubmissionAsync(mode, submission).ConfigureAwait(false);
        }

        var position = 0;
        var standingScores = round.Standings.Entries.ToDictionary(e => e.Key, e => e.Score);
        foreach (var score in round.Scores)
        {
            await InsertScoreAsync(roundId, position++, score, standingScores.GetValueOrDefault(score.Key)).ConfigureAwait(false);
        }

        await ReplaceStandingsAsync(mode, round.Standings).ConfigureAwait(false);
        foreach (var interim in round.InterimKings)
        {
            await RecordKingAsync(roundId, summary, interim).ConfigureAwait(false);
        }

        await RecordKingAsync(roundId, summary, round.King).ConfigureAwait(false);
        foreach (var dq in round.Disqualifications)
        {
            await ExecuteAsync(
                """
                INSERT INTO disqualifications (mode, hotkey, commit_block, reason_code, message, block, source, round_id)
                VALUES ($mode, $hotkey, $commit, $code, $message, $block, $source, $round)
                ON CONFLICT (mode, hotkey, commit_block) DO NOTHING;
                """,
                ("$mode", mode), ("$hotkey", dq.Key.Hotkey), ("$commit", dq.Key.CommitBlock), ("$code", dq.ReasonCode),
                ("$message", dq.Message), ("$block", dq.Block), ("$source", dq.Source), ("$round", roundId)).ConfigureAwait(false);
        }

        foreach (var fingerprint in round.Fingerprints)
        {
            await ExecuteAsync(
                """
                INSERT INTO fingerprints (mode, hotkey, commit_block, kind, value, round_id)
                VALUES ($mode, $hotkey, $commit, $kind, $value, $round)
                ON CONFLICT (mode, hotkey, commit_block, kind, value) DO NOTHING;
                """,
                ("$mode", mode), ("$hotkey", fingerprint.Owner.Hotkey), ("$commit", fingerprint.Owner.CommitBlock),
                ("$kind", fingerprint.Kind), ("$value", fingerprint.Value), ("$round", roundId)).ConfigureAwait(false);
        }

        foreach (var pass in round.PassedChecks)
        {
            await ExecuteAsync(
                """
                INSERT INTO passed_checks (mode, hotkey, commit_block, check_name, round_id)
                VALUES ($mode, $hotkey, $commit, $check, $round)
                ON CONFLICT (mode, hotkey, commit_block, check_name) DO NOTHING;
                """,
                ("$mode", mode), ("$hotkey", pass.Key.Hotkey), ("$commit", pass.Key.CommitBlock), ("$check", pass.Check), ("$round", roundId)).ConfigureAwait(false);
        }

        foreach (var evaluated in round.Evaluated)
        {
            await ExecuteAsync(
                """
                INSERT INTO evaluations (mode, hotkey, commit_block, round_id) VALUES ($mode, $hotkey, $commit, $round)
                ON CONFLICT (mode, hotkey, commit_block) DO NOTHING;
                """,
                ("$mode", mode), ("$hotkey", evaluated.Hotkey), ("$commit", evaluated.CommitBlock), ("$round", roundId)).ConfigureAwait(false);
        }

        foreach (var (hotkey, weight) in round.Weights.ByHotkey)
        {
            // NaN is written as NULL, which the column's NOT NULL constraint refuses (as its CHECK refuses negative weights).
            await ExecuteAsync(
                "INSERT INTO weights (round_id, hotkey, weight) VALUES ($round, $hotkey, $weight);",
                ("$round", roundId), ("$hotkey", hotkey), ("$weight", NullIfNaN(weight))).ConfigureAwait(false);
        }

        foreach (var timing in round.Timings)
        {
            await ExecuteAsync(
                """
                INSERT INTO round_timings (round_id, kind, name, seconds, calls) VALUES ($round, $kind, $name, $seconds, $calls)
                ON CONFLICT (round_id, kind, name) DO UPDATE SET seconds = seconds + excluded.seconds, calls = calls + excluded.calls;
                """,
                ("$round", roundId), ("$kind", timing.Kind), ("$name", timing.Name),
                ("$seconds", double.IsFinite(timing.Seconds) ? Math.Max(0, timing.Seconds) : 0), ("$calls", Math.Max(0, timing.Calls))).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<long> InsertRoundAsync(RoundSummary summary)
    {
        var id = await Sql.ScalarAsync(
            connection,
            transaction,
            """
            INSERT INTO rounds (mode, block, block_hash, block_hash_key, seed, king_hotkey, king_commit_block, explanation, completed_at)
            VALUES ($mode, $block, $hash, $key, $seed, $kingHotkey, $kingBlock, $explanation, $completed)
            RETURNING id;
            """,
            cancellationToken,
            ("$mode", summary.Mode), ("$block", summary.Block), ("$hash", summary.BlockHash), ("$key", StateCodec.BlockHashKey(summary.BlockHash)),
            ("$seed", summary.Seed), ("$kingHotkey", summary.King?.Hotkey), ("$kingBlock", summary.King?.CommitBlock),
            ("$explanation", summary.Explanation), ("$completed", StateCodec.Time(summary.CompletedAt))).ConfigureAwait(false);
        return (long)id!;
    }

    private Task<int> UpsertSubmissionAsync(string mode, Submission submission) =>
        ExecuteAsync(
            """
            INSERT INTO submissions (mode, hotkey, commit_block, uid, repo, revision)
            VALUES ($mode, $hotkey, $commit, $uid, $repo, $revision)
            ON CONFLICT (mode, hotkey, commit_block) DO UPDATE SET uid = excluded.uid;
            """,
            ("$mode", mode), ("$hotkey", submission.Hotkey), ("$commit", submission.CommitBlock), ("$uid", submission.Uid),
            ("$repo", submission.Model.Repo), ("$revision", submission.Model.Revision));

    private async Task InsertScoreAsync(long roundId, int position, ModelScoreRecord score, double? standingScore)
    {
        await ExecuteAsync(
            """
            INSERT INTO model_scores (round_id, position, hotkey, commit_block, status, score, reason, standing_score)
            VALUES ($round, $position, $hotkey, $commit, $status, $score, $reason, $standing);
            """,
            ("$round", roundId), ("$position", position), ("$hotkey", score.Key.Hotkey), ("$commit", score.Key.CommitBlock),
            ("$status", score.Status), ("$score", NullIfNaN(score.Score)), ("$reason", score.Reason), ("$standing", NullIfNaN(standingScore))).ConfigureAwait(false);
        var promptPosition = 0;
        foreach (var prompt in score.PerPrompt)
        {
            _promptInsert ??= Sql.Command(
                connection,
                transaction,
                """
                INSERT INTO prompt_scores (round_id, hotkey, commit_block, position, prompt_id, value)
                VALUES ($round, $hotkey, $commit, $position, $prompt, $value);
                """,
                ("$round", null), ("$hotkey", null), ("$commit", null), ("$position", null), ("$prompt", null), ("$value", null));
            var parameters = _promptInsert.Parameters;
            parameters["$round"].Value = roundId;
            parameters["$hotkey"].Value = score.Key.Hotkey;
            parameters["$commit"].Value = score.Key.CommitBlock;
            parameters["$position"].Value = promptPosition++;
            parameters["$prompt"].Value = prompt.PromptId;
            parameters["$value"].Value = NullIfNaN(prompt.Value) is { } value ? value : DBNull.Value;
            await _promptInsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReplaceStandingsAsync(string mode, Standings standings)
    {
        await ExecuteAsync("DELETE FROM standings WHERE mode = $mode;", ("$mode", mode)).ConfigureAwait(false);
        var position = 0;
        foreach (var entry in standings.Entries)
        {
            if (entry.Score is { } score && double.IsNaN(score))
            {
                throw new InvalidOperationException($"The standing of {entry.Key} has a NaN score (a king rule must not produce one); the round was rolled back.");
            }

            await ExecuteAsync(
                """
                INSERT INTO standings (mode, hotkey, commit_block, position, score, rounds_scored, last_scored_block, metrics)
                VALUES ($mode, $hotkey, $commit, $position, $score, $rounds, $last, $metrics);
                """,
                ("$mode", mode), ("$hotkey", entry.Submission.Hotkey), ("$commit", entry.Submission.CommitBlock), ("$position", position++),
                ("$score", entry.Score), ("$rounds", entry.RoundsScored), ("$last", entry.LastScoredBlock),
                ("$metrics", StateCodec.Metrics(entry.Metrics))).ConfigureAwait(false);
        }
    }

    private async Task RecordKingAsync(long roundId, RoundSummary summary, KingRecord? king)
    {
        var current = await StateReader.ReadKingAsync(connection, transaction, summary.Mode, cancellationToken).ConfigureAwait(false);
        if (current?.Key == king?.Key)
        {
            return;
        }

        await ExecuteAsync(
            """
            INSERT INTO king_history (mode, hotkey, commit_block, since_block, reason, round_id)
            VALUES ($mode, $hotkey, $commit, $since, $reason, $round);
            """,
            ("$mode", summary.Mode), ("$hotkey", king?.Key.Hotkey), ("$commit", king?.Key.CommitBlock),
            ("$since", king?.SinceBlock ?? summary.Block), ("$reason", king?.Reason ?? summary.Explanation), ("$round", roundId)).ConfigureAwait(false);
    }

    // SQLite cannot store NaN: it is written as NULL, so a NaN per-prompt value reads back as NaN and a NaN score as no score
    // (which the model_scores CHECK refuses for a 'scored' status).
    private static double? NullIfNaN(double? value) => value is { } v && double.IsNaN(v) ? null : value;

    private Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters) =>
        Sql.ExecuteAsync(connection, transaction, sql, cancellationToken, parameters);
}
