using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Engine.Chain;

namespace Tournament.Engine.Tests.State;

public sealed class SqliteStateStoreSchemaTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task InitializeAsync_MissingFile_CreatesTheLatestSchema()
    {
        var path = _folder.File("nested/dir/state.db");
        using var store = StateFixtures.Store(_folder, path);
        await store.InitializeAsync(default);
        await store.InitializeAsync(default);

        Assert.Equal(new long[] { 1, 2, 3, 4 }, await QueryAsync(path, "SELECT version FROM schema_version ORDER BY version;"));
        Assert.Equal(new long[] { 1 }, await QueryAsync(path, "SELECT count(*) FROM sqlite_master WHERE name = 'king_history';"));
    }

    [Fact]
    public async Task InitializeAsync_EmptyFile_CreatesTheLatestSchema()
    {
        var path = _folder.File("empty.db");
        await File.WriteAllBytesAsync(path, []);
        using var store = StateFixtures.Store(_folder, path);
        await store.InitializeAsync(default);

        Assert.Equal(new long[] { 1, 2, 3, 4 }, await QueryAsync(path, "SELECT version FROM schema_version ORDER BY version;"));
        Assert.Equal(new long[] { 0x546E5374 }, await QueryAsync(path, "PRAGMA application_id;"));
        Assert.Equal(new[] { "wal" }, await QueryTextAsync(path, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task InitializeAsync_V1Database_MigratesKeepingEveryRow()
    {
        var path = _folder.File("v1.db");
        await V1Fixture.CreateAsync(path);
        using var store = StateFixtures.Store(_folder, path);

        var snapshot = await store.LoadAsync("distil", default);

        Assert.Equal(new long[] { 1, 2, 3, 4 }, await QueryAsync(path, "SELECT version FROM schema_version ORDER BY version;"));
        Assert.Equal(new[] { "bob:95", "alice:90" }, snapshot.Standings.Entries.Select(e => e.Key.ToString()));
        Assert.Equal(0.25, snapshot.Standings.Entries[0].Metrics["last"]);
        Assert.Equal(new ModelRef("bob/tiny", new string('b', 64)), snapshot.Standings.Entries[0].Submission.Model);
        Assert.Equal(new KingRecord(new SubmissionKey("bob", 95), 110, "migrated from schema v1: bob beats alice"), snapshot.King);
        Assert.Equal("copy", snapshot.Disqualifications[new SubmissionKey("mallory", 99)].ReasonCode);
        Assert.Single(snapshot.Fingerprints);
        Assert.Single(snapshot.PassedChecks);
        Assert.Equal(110, snapshot.LastRound!.Block);
        var history = await store.LoadKingHistoryAsync("distil", default);
        Assert.Equal(new[] { ("alice", 100L), ("bob", 110L) }, history.Select(h => (h.King!.Value.Hotkey, h.SinceBlock)));
        var scores = await store.LoadScoresAsync("distil", "0x0110", default);
        Assert.Equal(new[] { "bob:95", "alice:90" }, scores.Select(s => s.Key.ToString()));
        Assert.Equal(new PromptScore("p0", 0.25), Assert.Single(scores[0].PerPrompt));

        // v4: results committed before it have no standing score and their rounds no timings.
        Assert.Equal(new long[] { 0 }, await QueryAsync(path, "SELECT count(*) FROM model_scores WHERE standing_score IS NOT NULL;"));
        Assert.Equal(new long[] { 0 }, await QueryAsync(path, "SELECT count(*) FROM round_timings;"));
        Assert.Equal(new long[] { 1 }, await QueryAsync(path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'standings_by_position';"));

        // The migrated database takes new rounds, and the king history continues from the backfill.
        var carol = StateFixtures.Submission("carol", 111, 2);
        Assert.True(await store.CommitRoundAsync(StateFixtures.Round("distil", 120, carol, StateFixtures.Submission("dave", 112, 3), new Random()), default));
        Assert.Equal(3, (await store.LoadKingHistoryAsync("distil", default)).Count);
    }

    [Fact]
    public async Task InitializeAsync_DatabaseFromANewerVersion_IsRefusedWithAClearMessage()
    {
        var path = _folder.File("future.db");
        using (var store = StateFixtures.Store(_folder, path))
        {
            await store.InitializeAsync(default);
        }

        await ExecuteAsync(path, "INSERT INTO schema_version VALUES (99, 'from the future', '2030-01-01T00:00:00Z');");
        using var newer = StateFixtures.Store(_folder, path);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => newer.InitializeAsync(default));
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer than this build understands (up to 4)", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text", "is not a SQLite database")]
    [InlineData("truncated-header", "is not a SQLite database")]
    public async Task InitializeAsync_NotASqliteFile_FailsWithAClearMessage(string kind, string expected)
    {
        var path = _folder.File("state.db");
        var bytes = kind == "text"
            ? "this is not a database, it is a note to myself\n"u8.ToArray()
            : [.. "SQLite format 3\0"u8.ToArray(), .. new byte[20]];
        await File.WriteAllBytesAsync(path, bytes);
        using var store = StateFixtures.Store(_folder, path);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync("distil", default));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Components:sqlite:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_SqliteDatabaseOfAnotherApplication_IsRefused()
    {
        var path = _folder.File("other.db");
        await ExecuteAsync(path, "CREATE TABLE notes (text TEXT);");
        using var store = StateFixtures.Store(_folder, path);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.InitializeAsync(default));
        Assert.Contains("did not create", error.Message, StringComparison.Ordinal);
        Assert.Equal(new long[] { 0 }, await QueryAsync(path, "SELECT count(*) FROM sqlite_master WHERE name = 'rounds';"));
    }

    [Fact]
    public async Task InitializeAsync_ALocalChainLedger_IsRefusedByName()
    {
        var path = _folder.File("chain.db");
        using (var chain = new LocalChain(new LocalChainOptions { Path = path }, _folder.Environment, TimeProvider.System, NullLogger<LocalChain>.Instance))
        {
            await chain.GetHeadAsync(default);
        }

        using var store = StateFixtures.Store(_folder, path);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.InitializeAsync(default));
        Assert.Contains("is a Tournament local chain ledger", error.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<long>> QueryAsync(string path, string sql) =>
        (await QueryTextAsync(path, sql)).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToList();

    private static async Task<List<string>> QueryTextAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
