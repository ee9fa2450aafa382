using Microsoft.Data.Sqlite;

namespace Tournament.Engine.Tests.State;

/// <summary>
/// A state database as schema version 1 left it, written with literal SQL (deliberately not with the migration code,
/// so an accidental edit of the released step 1 shows up here). Two rounds of mode "distil": alice crowned at block
/// 100, bob at block 110.
/// </summary>
internal static class V1Fixture
{
    public const string Sql = """
        PRAGMA application_id = 1416516468;
        CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
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
        INSERT INTO schema_version VALUES (1, 'v1', '2026-01-01T00:00:00.0000000+00:00');
        INSERT INTO submissions VALUES
            ('distil', 'alice', 90, 0, 'alice/tiny', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
            ('distil', 'bob', 95, 1, 'bob/tiny', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
        INSERT INTO rounds (mode, block, block_hash, block_hash_key, seed, king_hotkey, king_commit_block, explanation, completed_at) VALUES
            ('distil', 100, '0x0100', '0100', '00', 'alice', 90, 'alice first', '2026-01-01T00:20:00.0000000+00:00'),
            ('distil', 105, '0x0105', '0105', '00', 'alice', 90, 'alice keeps', '2026-01-01T00:21:00.0000000+00:00'),
            ('distil', 110, '0x0110', '0110', '00', 'bob', 95, 'bob beats alice', '2026-01-01T00:22:00.0000000+00:00');
        INSERT INTO model_scores VALUES (3, 0, 'bob', 95, 'scored', 0.25, NULL), (3, 1, 'alice', 90, 'scored', 0.5, NULL);
        INSERT INTO prompt_scores VALUES (3, 'bob', 95, 0, 'p0', 0.25);
        INSERT INTO standings VALUES
            ('distil', 'bob', 95, 0, 0.25, 1, 110, '{"last":0.25}'),
            ('distil', 'alice', 90, 1, 0.5, 3, 110, '{}');
        INSERT INTO disqualifications VALUES ('distil', 'mallory', 99, 'copy', 'A copy of alice.', 105, 'content-hash-dedup', 2);
        INSERT INTO fingerprints (mode, hotkey, commit_block, kind, value, round_id) VALUES ('distil', 'alice', 90, 'content-hash', 'abc', 1);
        INSERT INTO passed_checks VALUES ('distil', 'alice', 90, 'param-limit', 1);
        """;

    public static async Task CreateAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync();
    }
}
