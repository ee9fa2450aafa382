using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.State;

/// <summary>
/// The state database's migrations. Released steps are frozen: change the schema only by appending a step.
/// Disqualifications, fingerprints, passed checks, submissions and standings are all per mode: a mode's checks define
/// what disqualifies, so a model rejected by one mode's rules may still compete in another.
/// </summary>
internal static class StateSchema
{
    /// <summary>All steps, in order.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "submissions, rounds, scores, standings, disqualifications, fingerprints, passed checks", V1),
        new(2, "king history (backfilled from rounds) and weights", V2),
        new(3, "evaluated challengers (queue scheduling)", V3),
        new(4, "round timings, the standing score after each round, standings by position", V4),
    ];

    /// <summary>The latest schema version.</summary>
    public static int Latest => Migrations.Count;

    private const string V1 = """
        CREATE TABLE submissions (
            mode TEXT NOT NULL, hotkey TEXT NOT NULL, commit_block INTEGER NOT NULL,
            uid INTEGER NOT NULL, repo TEXT NOT NULL, revision TEXT NOT NULL,
            PRIMARY KEY (mode, hotkey, commit_block));
        CREATE TABLE rounds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            mode TEXT NOT NULL, block INTEGER NOT NULL, block_hash TEXT NOT NULL, block_hash_key TEXT NOT NULL,
            seed TEXT NOT NULL, king_hotkey TEXT, king_commit_block INTEGER,
            explanation TEXT NOT NULL, completed_at TEXT NOT NULL,
            UNIQUE (mode, block_hash_key),
            CHECK ((king_hotkey IS NULL) = (king_commit_block IS NULL)));
        CREATE INDEX rounds_by_block ON rounds (mode, block, id);
        CREATE TABLE model_scores (
            round_id INTEGER NOT NULL REFERENCES rounds (id), position INTEGER NOT NULL,
            hotkey TEXT NOT NULL, commit_block INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('scored', 'failed', 'disqualified', 'deferred')),
            score REAL, reason TEXT,
            CHECK (status <> 'scored' OR score IS NOT NULL),
            PRIMARY KEY (round_id, hotkey, commit_block));
        CREATE TABLE prompt_scores (
            round_id INTEGER NOT NULL, hotkey TEXT NOT NULL, commit_block INTEGER NOT NULL,
            position INTEGER NOT NULL, prompt_id TEXT NOT NULL, value REAL,
            PRIMARY KEY (round_id, hotkey, commit_block, prompt_id),
            FOREIGN KEY (round_id, hotkey, commit_block) REFERENCES model_scores (round_id, hotkey, commit_block));
        CREATE TABLE standings (
            mode TEXT NOT NULL, hotkey TEXT NOT NULL, commit_block INTEGER NOT NULL, position INTEGER NOT NULL,
            score REAL, rounds_scored INTEGER NOT NULL CHECK (rounds_scored >= 0), last_scored_block INTEGER,
            metrics TEXT NOT NULL,
            PRIMARY KEY (mode, hotkey, commit_block),
            FOREIGN KEY (mode, hotkey, commit_block) REFERENCES submissions (mode, hotkey, commit_block));
        CREATE TABLE disqualifications (
            mode TEXT NOT NULL, hotkey TEXT NOT NULL, commit_block INTEGER NOT NULL,
            reason_code TEXT NOT NULL, message TEXT NOT NULL, block INTEGER NOT NULL, source TEXT NOT NULL,
            round_id INTEGER NOT NULL REFERENCES rounds (id),
            PRIMARY KEY (mode, hotkey, commit_block));
        CREATE TABLE fingerprints (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            mode TEXT NOT NULL, hotkey TEXT NOT NULL, commit_block INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
            round_id INTEGER NOT NULL REFERENCES rounds (id),
            UNIQUE (mode, hotkey, commit_block, kind, value));
        CREATE INDEX fingerprints_by_value ON fingerprints (mode, kind, value);
        CREATE TABLE passed_checks (
            mode TEXT NOT NULL, hotkey TEXT NOT NULL, commit_block INTEGER NOT NULL, check_name TEXT NOT NULL,
            round_id INTEGER NOT NULL REFERENCES rounds (id),
            PRIMARY KEY (mode, hotkey, commit_block, check_name));
        """;

    // v1 kept the king only on each round; v2 records when it changed (and why), derived for existing rounds.
    private const string V2 = """
        CREATE TABLE king_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            mode TEXT NOT NULL, hotkey TEXT, commit_block INTEGER,
            since_block INTEGER NOT NULL, reason TEXT NOT NULL,
            round_id INTEGER NOT NULL REFERENCES rounds (id),
            CHECK ((hotkey IS NULL) = (commit_block IS NULL)));
        CREATE INDEX king_history_by_mode ON king_history (mode, id);
        INSERT INTO king_history (mode, hotkey, commit_block, since_block, reason, round_id)
        SELECT mode, king_hotkey, king_commit_block, block, 'migrated from schema v1: ' || explanation, id
        FROM (
            SELECT r.*,
                   LAG(king_hotkey) OVER w AS previous_hotkey,
                   LAG(king_commit_block) OVER w AS previous_block,
                   ROW_NUMBER() OVER w AS n
            FROM rounds r
            WINDOW w AS (PARTITION BY mode ORDER BY block, id))
        WHERE (n = 1 AND king_hotkey IS NOT NULL)
           OR (n > 1 AND (king_hotkey IS NOT previous_hotkey OR king_commit_block IS NOT previous_block))
        ORDER BY mode, block, id;
        CREATE TABLE weights (
            round_id INTEGER NOT NULL REFERENCES rounds (id), hotkey TEXT NOT NULL,
            weight REAL NOT NULL CHECK (weight >= 0),
            PRIMARY KEY (round_id, hotkey));
        """;

    // Queue scheduling: a challenger leaves the queue once a committed round evaluated it.
    private const string V3 = """
        CREATE TABLE evaluations (
            mode TEXT NOT NULL, hotkey TEXT NOT NULL, commit_block INTEGER NOT NULL,
            round_id INTEGER NOT NULL REFERENCES rounds (id),
            PRIMARY KEY (mode, hotkey, commit_block));
        """;

    // Metrics and history: how long each round's parts took; each result's standing score (the king rule's, e.g. the EMA)
    // after its round (NULL for rounds committed before v4); the standings read in position order through an index.
    private const string V4 = """
        CREATE TABLE round_timings (
            round_id INTEGER NOT NULL REFERENCES rounds (id), kind TEXT NOT NULL, name TEXT NOT NULL,
            seconds REAL NOT NULL CHECK (seconds >= 0), calls INTEGER NOT NULL CHECK (calls >= 0),
            PRIMARY KEY (round_id, kind, name));
        ALTER TABLE model_scores ADD COLUMN standing_score REAL;
        CREATE INDEX standings_by_position ON standings (mode, position);
        """;
}
