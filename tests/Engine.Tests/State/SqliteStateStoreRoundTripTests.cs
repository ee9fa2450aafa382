using Tournament.Abstractions;

namespace Tournament.Engine.Tests.State;

public sealed class SqliteStateStoreRoundTripTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private readonly Random _random = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task CommitRoundAsync_EveryField_RoundTripsThroughTheReadApi()
    {
        using var store = StateFixtures.Store(_folder);
        await store.InitializeAsync(default);
        var king = StateFixtures.Submission("alice", 100, 3);
        var challenger = StateFixtures.Submission("bob", 105, 7, 'b');
        var round = StateFixtures.Round("distil", 120, king, challenger, _random);

        Assert.True(await store.CommitRoundAsync(round, default));
        var snapshot = await store.LoadAsync("distil", default);

        Assert.Equal("distil", snapshot.Mode);
        Assert.Equal(2, snapshot.Standings.Entries.Count);
        for (var i = 0; i < 2; i++)
        {
            var expected = round.Standings.Entries[i];
            var actual = snapshot.Standings.Entries[i];
            Assert.Equal(expected.Submission, actual.Submission);
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(expected.RoundsScored, actual.RoundsScored);
            Assert.Equal(expected.LastScoredBlock, actual.LastScoredBlock);
            Assert.Equal(expected.Metrics.Keys, actual.Metrics.Keys);
            Assert.Equal(expected.Metrics.Values, actual.Metrics.Values);
        }

        Assert.Equal(round.King, snapshot.King);
        Assert.Equal(round.Disqualifications, snapshot.Disqualifications.Values);
        Assert.Equal(round.Disqualifications[0], snapshot.Disqualifications[round.Disqualifications[0].Key]);
        Assert.Equal(round.Fingerprints, snapshot.Fingerprints);
        Assert.True(snapshot.PassedChecks.SetEquals(round.PassedChecks));
        Assert.Equal(round.Summary, snapshot.LastRound);
        Assert.Equal(round.Summary.CompletedAt.Offset, snapshot.LastRound!.CompletedAt.Offset);

        var scores = await store.LoadScoresAsync("distil", round.Summary.BlockHash, default);
        Assert.Equal(round.Scores.Count, scores.Count);
        for (var i = 0; i < scores.Count; i++)
        {
            Assert.Equal(round.Scores[i].Key, scores[i].Key);
            Assert.Equal(round.Scores[i].Status, scores[i].Status);
            Assert.Equal(round.Scores[i].Score, scores[i].Score);
            Assert.Equal(round.Scores[i].Reason, scores[i].Reason);
            Assert.Equal(round.Scores[i].PerPrompt, scores[i].PerPrompt);
        }

        Assert.Equal(round.Summary, await store.FindRoundAsync("distil", round.Summary.BlockHash, default));
        var weights = await store.LoadWeightsAsync("distil", round.Summary.BlockHash, default);
        Assert.Equal(round.Weights.ByHotkey.OrderBy(w => w.Key), weights.ByHotkey.OrderBy(w => w.Key));
        var history = Assert.Single(await store.LoadKingHistoryAsync("distil", default));
        Assert.Equal(new Tournament.Engine.State.KingChange(king.Key, 120, "highest EMA", round.Summary.BlockHash), history);
    }

    [Fact]
    public async Task LoadAsync_UnknownMode_IsEmpty()
    {
        using var store = StateFixtures.Store(_folder);
        var snapshot = await store.LoadAsync("nothing-here", default);
        Assert.Empty(snapshot.Standings.Entries);
        Assert.Null(snapshot.King);
        Assert.Empty(snapshot.Disqualifications);
        Assert.Empty(snapshot.Fingerprints);
        Assert.Empty(snapshot.PassedChecks);
        Assert.Null(snapshot.LastRound);
    }

    [Fact]
    public async Task CommitRoundAsync_SameModeAndBlockHash_IsNoOpReturningFalse()
    {
        using var store = StateFixtures.Store(_folder);
        var first = StateFixtures.Round("distil", 50, StateFixtures.Submission("alice", 10, 0), StateFixtures.Submission("bob", 11, 1), _random);
        Assert.True(await store.CommitRoundAsync(first, default));
        var before = StateFixtures.Render(await store.LoadAsync("distil", default));

        var replay = StateFixtures.Round("distil", 50, StateFixtures.Submission("carol", 12, 2), StateFixtures.Submission("dave", 13, 3), _random);
        var sameHashOtherSpelling = replay with { Summary = replay.Summary with { BlockHash = replay.Summary.BlockHash[2..].ToUpperInvariant() } };

        Assert.False(await store.CommitRoundAsync(replay, default));
        Assert.False(await store.CommitRoundAsync(sameHashOtherSpelling, default));
        Assert.Equal(before, StateFixtures.Render(await store.LoadAsync("distil", default)));
        Assert.Single(await store.ListRoundsAsync("distil", 10, default));
    }

    [Fact]
    public async Task CommitRoundAsync_SameBlockHashInAnotherMode_IsItsOwnRound()
    {
        using var store = StateFixtures.Store(_folder);
        var alice = StateFixtures.Submission("alice", 10, 0);
        var bob = StateFixtures.Submission("bob", 11, 1);
        Assert.True(await store.CommitRoundAsync(StateFixtures.Round("distil", 50, alice, bob, _random), default));
        Assert.True(await store.CommitRoundAsync(StateFixtures.Round("albedo", 50, bob, alice, _random), default));

        Assert.Equal(alice.Key, (await store.LoadAsync("distil", default)).King!.Key);
        Assert.Equal(bob.Key, (await store.LoadAsync("albedo", default)).King!.Key);
    }

    [Fact]
    public async Task Disqualifications_ArePerMode()
    {
        using var store = StateFixtures.Store(_folder);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 50, StateFixtures.Submission("alice", 10, 0), StateFixtures.Submission("bob", 11, 1), _random), default);

        Assert.Single((await store.LoadAsync("distil", default)).Disqualifications);
        Assert.Empty((await store.LoadAsync("albedo", default)).Disqualifications);
    }

    [Fact]
    public async Task KingHistory_IsAppendedOnlyWhenTheKingChanges()
    {
        using var store = StateFixtures.Store(_folder);
        var alice = StateFixtures.Submission("alice", 10, 0);
        var bob = StateFixtures.Submission("bob", 11, 1);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 50, alice, bob, _random), default);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 51, alice, bob, _random), default);
        var crowned = StateFixtures.Round("distil", 52, bob, alice, _random);
        await store.CommitRoundAsync(crowned, default);
        var dethroned = StateFixtures.Round("distil", 53, bob, alice, _random) is var r ? r with { King = null, Summary = r.Summary with { King = null, Explanation = "king disqualified" } } : null!;
        await store.CommitRoundAsync(dethroned, default);

        var history = await store.LoadKingHistoryAsync("distil", default);
        Assert.Equal(new SubmissionKey?[] { alice.Key, bob.Key, null }, history.Select(h => h.King));
        Assert.Equal(new[] { 50L, 52L, 53L }, history.Select(h => h.SinceBlock));
        Assert.Equal("king disqualified", history[2].Reason);
        Assert.Null((await store.LoadAsync("distil", default)).King);
        Assert.Equal(new[] { 53L, 52L, 51L, 50L }, (await store.ListRoundsAsync("distil", 10, default)).Select(s => s.Block));
        Assert.Equal(new[] { 53L, 52L }, (await store.ListRoundsAsync("distil", 2, default)).Select(s => s.Block));
    }

    [Fact]
    public async Task Standings_AreReplacedAtEachCommit()
    {
        using var store = StateFixtures.Store(_folder);
        var alice = StateFixtures.Submission("alice", 10, 0);
        var bob = StateFixtures.Submission("bob", 11, 1);
        await store.CommitRoundAsync(StateFixtures.Round("distil", 50, alice, bob, _random), default);
        var next = StateFixtures.Round("distil", 51, alice, bob, _random);
        next = next with { Standings = new Standings([next.Standings.Entries[0]]) };
        await store.CommitRoundAsync(next, default);

        var entry = Assert.Single((await store.LoadAsync("distil", default)).Standings.Entries);
        Assert.Equal(next.Standings.Entries[0].Score, entry.Score);
    }

    [Fact]
    public async Task State_PersistsAcrossStoreInstances()
    {
        string before;
        var round = StateFixtures.Round("distil", 70, StateFixtures.Submission("alice", 10, 0), StateFixtures.Submission("bob", 11, 1), _random);
        using (var writer = StateFixtures.Store(_folder))
        {
            await writer.CommitRoundAsync(round, default);
            before = StateFixtures.Render(await writer.LoadAsync("distil", default));
        }

        using var reader = StateFixtures.Store(_folder);
        Assert.Equal(before, StateFixtures.Render(await reader.LoadAsync("distil", default)));
        Assert.False(await reader.CommitRoundAsync(round, default));
        Assert.True(File.Exists(Path.Combine(_folder.Environment.DataDirectory, "state.db")));
    }
}
