using Microsoft.Data.Sqlite;
using Tournament.Abstractions;
using Tournament.Engine.State;

namespace Tournament.Engine.Tests.State;

/// <summary>Schema v4: a round's timings and each result's standing score after its round, read back per round; the standings page walks its index.</summary>
public sealed class RoundHistoryTests : IDisposable
{
    private const string Mode = "distil";
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task CommitRound_EmaStandings_EachRoundKeepsItsScoreAndStandingScore()
    {
        var path = _folder.File("state.db");
        using var store = StateFixtures.Store(_folder, path);
        var random = new Random(17);
        var alice = StateFixtures.Submission("alice", 10, 1);
        const double alpha = 0.3;
        var expected = new List<(long Block, double Score, double Ema)>();
        double? ema = null;
        for (var block = 100L; block < 104; block++)
        {
            var score = 0.5 + random.NextDouble();
            ema = ema is { } previous ? (alpha * score) + ((1 - alpha) * previous) : score;
            expected.Add((block, score, ema.Value));
            Assert.True(await store.CommitRoundAsync(Round(block, alice, score, ema.Value, []), default));
        }

        await using var connection = await OpenAsync(path);
        var history = await StateReader.ReadSubmissionRoundsAsync(connection, null, Mode, alice.Key, 10, default);

        Assert.Equal(expected.Select(e => e.Block).Reverse(), history.Select(h => h.Block));
        foreach (var (row, want) in history.Zip(expected.AsEnumerable().Reverse()))
        {
            Assert.Equal(want.Score, row.Score);
            Assert.Equal(want.Ema, row.StandingScore);
        }

        Assert.NotEqual(history[0].Score, history[0].StandingScore);
        Assert.Equal(0, await StateReader.FindStandingPositionAsync(connection, null, Mode, alice.Key, default));
        Assert.Null(await StateReader.FindStandingPositionAsync(connection, null, Mode, new SubmissionKey("nobody", 1), default));
    }

    [Fact]
    public async Task CommitRound_Timings_ReadBackPerRoundAndSummedOverRounds()
    {
        var path = _folder.File("state.db");
        using var store = StateFixtures.Store(_folder, path);
        var alice = StateFixtures.Submission("alice", 10, 1);
        RoundTiming[] first = [new("step", "evaluate", 2.5, 1), new("component", "scorer:kl", 2.0, 1), new("task", "teacher", 0.5, 1), new("task", "teacher", 0.25, 1)];
        RoundTiming[] second = [new("step", "evaluate", 1.5, 1), new("scorer", "teacher_seconds", 0.75, 1)];
        await store.CommitRoundAsync(Round(100, alice, 1, 1, first), default);
        await store.CommitRoundAsync(Round(101, alice, 1, 1, second), default);

        await using var connection = await OpenAsync(path);
        var one = await StateReader.ReadRoundTimingsAsync(connection, null, Mode, StateFixtures.Hash(100), default);
        var totals = await StateReader.ReadTimingTotalsAsync(connection, null, Mode, default);

        Assert.Equal(
            [new("step", "evaluate", 2.5, 1), new("component", "scorer:kl", 2.0, 1), new("task", "teacher", 0.75, 2)],
            one);
        var evaluate = totals.Single(t => t is { Kind: "step", Name: "evaluate" });
        Assert.Equal((4.0, 2L, 2L, 1.5), (evaluate.Seconds, evaluate.Calls, evaluate.Rounds, evaluate.LastRoundSeconds!.Value));
        var teacher = totals.Single(t => t is { Kind: "task", Name: "teacher" });
        Assert.Equal((0.75, 2L, 1L), (teacher.Seconds, teacher.Calls, teacher.Rounds));
        Assert.Null(teacher.LastRoundSeconds);
        Assert.Contains(totals, t => t is { Kind: "scorer", Name: "teacher_seconds", LastRoundSeconds: 0.75 });
    }

    [Fact]
    public async Task StandingsPage_PositionOrder_UsesTheIndexWithoutSorting()
    {
        var path = _folder.File("state.db");
        using var store = StateFixtures.Store(_folder, path);
        await store.InitializeAsync(default);

        await using var connection = await OpenAsync(path);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + StateReader.StandingsPage;
        command.Parameters.AddWithValue("$mode", Mode);
        command.Parameters.AddWithValue("$limit", 100);
        command.Parameters.AddWithValue("$offset", 0);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, p => p.Contains("standings_by_position", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private static RoundRecord Round(long block, Submission alice, double score, double ema, IReadOnlyList<RoundTiming> timings) =>
        new(
            new RoundSummary(Mode, block, StateFixtures.Hash(block), "00", alice.Key, "ema", DateTimeOffset.UnixEpoch.AddSeconds(block)),
            [alice],
            [new ModelScoreRecord(alice.Key, "scored", score, null, [])],
            new Standings([new StandingEntry(alice, ema, (int)(block - 99), block, new Dictionary<string, double>())]),
            new KingRecord(alice.Key, 100, "ema"),
            WeightVector.WinnerTakesAll(alice.Hotkey),
            [],
            [],
            [])
        {
            Timings = timings,
        };

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        return connection;
    }
}
