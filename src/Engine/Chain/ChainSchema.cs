using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.Chain;

/// <summary>The local ledger's migrations. Released steps are frozen: change the schema only by appending a step.</summary>
internal static class ChainSchema
{
    /// <summary>All steps, in order.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "ledger facts, neurons, commitments, weights", """
            CREATE TABLE ledger (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE neurons (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                netuid INTEGER NOT NULL, uid INTEGER NOT NULL CHECK (uid >= 0), hotkey TEXT NOT NULL,
                registered_at_block INTEGER NOT NULL, deregistered_at_block INTEGER);
            CREATE UNIQUE INDEX neurons_active_uid ON neurons (netuid, uid) WHERE deregistered_at_block IS NULL;
            CREATE UNIQUE INDEX neurons_active_hotkey ON neurons (netuid, hotkey) WHERE deregistered_at_block IS NULL;
            CREATE TABLE commitments (
                netuid INTEGER NOT NULL, block INTEGER NOT NULL, idx INTEGER NOT NULL, hotkey TEXT NOT NULL, data TEXT NOT NULL,
                PRIMARY KEY (netuid, block, idx));
            CREATE TABLE weights (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                netuid INTEGER NOT NULL, set_id INTEGER NOT NULL, block INTEGER NOT NULL, hotkey TEXT NOT NULL,
                weight REAL NOT NULL CHECK (weight >= 0));
            CREATE INDEX weights_by_set ON weights (netuid, set_id);
            """),
    ];
}
