using System.Collections;
using Microsoft.Data.Sqlite;
using Tournament.Abstractions;

namespace Tournament.Engine.Tests.State;

public sealed class SqliteStateStoreAtomicityTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private readonly Random _random = new();
    private readonly Submission _alice = StateFixtures.Submission("alice", 10, 0);
    private readonly Submission _bob = StateFixtures.Submission("bob", 11, 1);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task CommitRoundAsync_LastInsertViolatesConstraint_RollsBackEverything()
    {
        using var store = StateFixtures.Store(_folder);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 50, _alice, _bob, _random), default);
        var before = StateFixtures.Render(await store.LoadAsync("distil", default));

        // Weights are written last; a negative weight violates the column's CHECK constraint after everything else was written.
        var bad = StateFixtures.Round("distil", 51, _bob, _alice, _random);
        bad = bad with { Weights = new WeightVector(new Dictionary<string, double> { ["bob"] = 1.0, ["alice"] = -0.5 }) };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitRoundAsync(bad, default));
        Assert.Contains("rolled back", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateFixtures.Render(await store.LoadAsync("distil", default)));
        Assert.Null(await store.FindRoundAsync("distil", bad.Summary.BlockHash, default));
        Assert.Single(await store.LoadKingHistoryAsync("distil", default));

        // Nothing was half-written: the same round, fixed, commits normally afterwards.
        Assert.True(await store.CommitRoundAsync(bad with { Weights = WeightVector.WinnerTakesAll("bob") }, default));
    }

    [Fact]
    public async Task CommitRoundAsync_NaNWeight_RollsBackEverything()
    {
        using var store = StateFixtures.Store(_folder);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 50, _alice, _bob, _random), default);
        var before = StateFixtures.Render(await store.LoadAsync("distil", default));
        var bad = StateFixtures.Round("distil", 51, _bob, _alice, _random);
        bad = bad with { Weights = new WeightVector(new Dictionary<string, double> { ["bob"] = double.NaN }) };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitRoundAsync(bad, default));
        Assert.Contains("rolled back", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, StateFixtures.Render(await store.LoadAsync("distil", default)));
    }

    [Fact]
    public async Task CommitRoundAsync_ScoredWithNaNScore_RollsBackEverything()
    {
        using var store = StateFixtures.Store(_folder);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 50, _alice, _bob, _random), default);
        var before = StateFixtures.Render(await store.LoadAsync("distil", default));
        var bad = StateFixtures.Round("distil", 51, _bob, _alice, _random);
        bad = bad with { Scores = [bad.Scores[0] with { Score = double.NaN }] };

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitRoundAsync(bad, default));
        Assert.Equal(before, StateFixtures.Render(await store.LoadAsync("distil", default)));
    }

    [Fact]
    public async Task CommitRoundAsync_DuplicatePromptId_RollsBackEverything()
    {
        using var store = StateFixtures.Store(_folder);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 50, _alice, _bob, _random), default);
        var before = StateFixtures.Render(await store.LoadAsync("distil", default));
        var bad = StateFixtures.Round("distil", 51, _bob, _alice, _random);
        var duplicated = bad.Scores[0] with { PerPrompt = [new PromptScore("p", 0.5), new PromptScore("p", 0.6)] };
        bad = bad with { Scores = [duplicated, .. bad.Scores.Skip(1)] };

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitRoundAsync(bad, default));
        Assert.Equal(before, StateFixtures.Render(await store.LoadAsync("distil", default)));
    }

    [Fact]
    public async Task CommitRoundAsync_CancelledMidCommit_RollsBackEverything()
    {
        using var store = StateFixtures.Store(_folder);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 50, _alice, _bob, _random), default);
        var before = StateFixtures.Render(await store.LoadAsync("distil", default));
        using var cancellation = new CancellationTokenSource();
        var round = StateFixtures.Round("distil", 51, _bob, _alice, _random);

        // The standings are first enumerated once the round row and the submissions are written; cancel right then.
        var cancelling = new CancelOnEnumeration<StandingEntry>(round.Standings.Entries, cancellation, afterEnumerations: 1);
        round = round with { Standings = new Standings(cancelling) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.CommitRoundAsync(round, cancellation.Token));
        Assert.True(cancelling.Enumerations >= 1);
        Assert.Equal(before, StateFixtures.Render(await store.LoadAsync("distil", default)));
        Assert.Null(await store.FindRoundAsync("distil", round.Summary.BlockHash, default));
    }

    [Fact]
    public async Task LoadAsync_WhileAnotherWriterHoldsAnOpenTransaction_SeesTheCommittedStateWithoutWaiting()
    {
        using var store = StateFixtures.Store(_folder, busyTimeoutSeconds: 1);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 50, _alice, _bob, _random), default);
        var before = StateFixtures.Render(await store.LoadAsync("distil", default));

        await using var writer = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        await writer.OpenAsync();
        await using var transaction = writer.BeginTransaction(deferred: false);
        using (var command = writer.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM standings; UPDATE rounds SET explanation = 'half-written';";
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(before, StateFixtures.Render(await store.LoadAsync("distil", default)));
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task LoadAsync_ConcurrentWithCommits_NeverSeesAHalfCommittedRound()
    {
        using var store = StateFixtures.Store(_folder, busyTimeoutSeconds: 30);
        await store.InitializeAsync(default);
        const int rounds = 15;
        var writer = Task.Run(async () =>
        {
            for (var i = 1; i <= rounds; i++)
            {
                // Round i has i standings, so a consistent reader sees standings.Count == LastRound.Block / 10.
                var round = StateFixtures.Round("distil", i * 10, _alice, _bob, _random);
                var entries = Enumerable.Range(0, i).Select(n => new StandingEntry(StateFixtures.Submission($"miner{n}", n, n), n, 1, i * 10, new Dictionary<string, double>())).ToList();
                await store.CommitRoundAsync(round with { Standings = new Standings(entries) }, default);
            }
        });

        async Task<int> ReadUntilDoneAsync()
        {
            var reads = 0;
            while (true)
            {
                var done = writer.IsCompleted;
                var snapshot = await store.LoadAsync("distil", default);
                var expected = (int)((snapshot.LastRound?.Block ?? 0) / 10);
                Assert.Equal(expected, snapshot.Standings.Entries.Count);
                reads++;
                if (done)
                {
                    return reads;
                }
            }
        }

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(ReadUntilDoneAsync)).ToArray();
        await writer;
        var counts = await Task.WhenAll(readers);
        Assert.All(counts, c => Assert.True(c >= 1));
        Assert.Equal(rounds, (await store.LoadAsync("distil", default)).Standings.Entries.Count);
    }

    /// <summary>A list that cancels a token once it has been enumerated a number of times.</summary>
    private sealed class CancelOnEnumeration<T>(IReadOnlyList<T> items, CancellationTokenSource source, int afterEnumerations) : IReadOnlyList<T>
    {
        public int Enumerations { get; private set; }

        public int Count => items.Count;

        public T this[int index] => items[index];

        public IEnumerator<T> GetEnumerator()
        {
            foreach (var item in items)
            {
                yield return item;
            }

            if (++Enumerations >= afterEnumerations)
            {
                source.Cancel();
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
