using Tournament.Abstractions;

namespace Tournament.Engine.Tests.Rounds.Scheduling;

public sealed class QueueSchedulingTests
{
    [Fact]
    public async Task RunAsync_Queue_TakesTheOldestUnevaluatedChallengers_TiesByHotkey()
    {
        var (rig, scorer) = DuelRig.Create(maxChallengers: 2);
        rig.Commit("zed", "o/zed-40", 0);
        rig.Chain.Advance();
        rig.Commit("carol", "o/carol-30", 0);
        rig.Commit("alice", "o/alice-20", 0);
        rig.Chain.Advance();

        await rig.RunAsync();
        await rig.NextRoundAsync();

        // Round 1: zed (oldest block) is crowned on an empty throne, then alice (block tie with carol, hotkey first).
        // Round 2: carol, the only one left.
        Assert.Equal(["zed", "*zed,alice", "*zed,carol"], DuelRig.Calls(scorer));
        Assert.Equal("zed", rig.State.Records[^1].Summary.King?.Hotkey);
    }

    [Fact]
    public async Task RunAsync_Queue_EvaluatedChallengersLeaveTheQueue_EmptyQueueOnlyRefreshesWeights()
    {
        var (rig, scorer) = DuelRig.Create(maxChallengers: 4);
        rig.Commit("alice", "o/alice-50", 0);
        rig.Commit("bob", "o/bob-40", 0);
        rig.Chain.Advance();
        await rig.RunAsync();
        var checksBefore = rig.Content.Calls.Values.Sum();

        var refresh = await rig.NextRoundAsync();

        Assert.Equal(2, scorer.Requests.Count);
        Assert.Equal(checksBefore, rig.Content.Calls.Values.Sum());
        Assert.Equal("alice", refresh.Summary.King?.Hotkey);
        Assert.Contains("No challenger is queued", refresh.Summary.Explanation, StringComparison.Ordinal);
        Assert.Equal(2, rig.State.Commits);
        Assert.Equal(new Dictionary<string, double> { ["alice"] = 1.0 }, rig.Chain.WeightCalls[^1].ByHotkey);
        Assert.Empty(refresh.Outcomes);
        Assert.Equal(rig.State.Records[0].Standings.Entries, rig.State.Records[1].Standings.Entries);
        Assert.Equal(["alice:100", "bob:100"], rig.State.Records[0].Evaluated.Select(k => k.ToString()));
    }

    [Fact]
    public async Task RunAsync_Queue_CrashBeforeCommit_ReRunsTheSameChallengers()
    {
        var (rig, scorer) = DuelRig.Create(maxChallengers: 1);
        rig.Commit("alice", "o/alice-50", 0);
        rig.Commit("bob", "o/bob-60", 0);
        rig.Commit("carol", "o/carol-70", 0);
        rig.Chain.Advance();
        rig.State.FailNextCommit = new IOException("disk full");

        await Assert.ThrowsAsync<IOException>(() => rig.RunAsync());
        var rerun = await rig.RunAsync();

        Assert.Equal(["alice", "alice"], DuelRig.Calls(scorer));
        Assert.Equal("alice", rerun.Summary.King?.Hotkey);
        Assert.Equal(1, rig.State.Commits);
    }

    [Fact]
    public async Task RunAsync_Queue_DisqualifiedChallengerLeavesTheQueue_DeferredOneStays()
    {
        var (rig, scorer) = DuelRig.Create(maxChallengers: 2);
        rig.Commit("alice", "o/alice-50", 0);
        rig.Chain.Advance();
        await rig.RunAsync();
        rig.Commit("mallory", "o/mallory-90", 0);
        rig.Commit("bob", "o/bob-60", 0);
        rig.Content.ByRepo["o/mallory-90"] = CheckOutcome.Disqualify("copy", "A copy of alice.");
        rig.Metadata.ByRepo["o/bob-60"] = CheckOutcome.Defer("The registry timed out.");

        await rig.NextRoundAsync();
        rig.Metadata.ByRepo.Remove("o/bob-60");
        var third = await rig.NextRoundAsync();

        Assert.Equal(["alice", "*alice,bob"], DuelRig.Calls(scorer));
        Assert.Empty(rig.State.Records[1].Evaluated);
        Assert.Equal("bob", third.Summary.King?.Hotkey);
    }

    [Fact]
    public async Task RunAsync_Queue_KingRuleAsksForReEvaluation_ChallengerMustWinTwice()
    {
        var (rig, scorer) = DuelRig.Create(maxChallengers: 1, winsRequired: 2);
        rig.Commit("alice", "o/alice-50", 0);
        rig.Chain.Advance();
        await rig.RunAsync();
        rig.Commit("bob", "o/bob-70", 0);
        rig.Commit("carol", "o/carol-10", 0);

        var firstWin = await rig.NextRoundAsync();
        var secondWin = await rig.NextRoundAsync();
        await rig.NextRoundAsync();

        Assert.Equal("alice", firstWin.Summary.King?.Hotkey);
        Assert.Contains("1 of 2 wins", firstWin.Summary.Explanation, StringComparison.Ordinal);
        Assert.Empty(rig.State.Records[1].Evaluated);
        Assert.Equal("bob", secondWin.Summary.King?.Hotkey);
        Assert.Equal(["alice", "*alice,bob", "*alice,bob", "*bob,carol"], DuelRig.Calls(scorer));
    }

    [Fact]
    public async Task RunAsync_Queue_SequentialDuels_NextChallengerMeetsTheKingAfterThePreviousVerdict()
    {
        var (rig, scorer) = DuelRig.Create(maxChallengers: 3);
        rig.Commit("alice", "o/alice-50", 0);
        rig.Chain.Advance();
        await rig.RunAsync();
        rig.Commit("bob", "o/bob-70", 0);
        rig.Commit("carol", "o/carol-60", 0);
        rig.Commit("dave", "o/dave-90", 0);

        var result = await rig.NextRoundAsync();

        // bob dethrones alice; carol (60) would have beaten alice but meets bob (70) and loses; dave beats bob.
        Assert.Equal(["alice", "*alice,bob", "*bob,carol", "*bob,dave"], DuelRig.Calls(scorer));
        Assert.Equal("dave", result.Summary.King?.Hotkey);
        Assert.Equal(2, rig.State.Commits);
        Assert.Contains("Duel 1 (bob:101)", result.Summary.Explanation, StringComparison.Ordinal);
        Assert.Contains("Duel 3 (dave:101)", result.Summary.Explanation, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, double> { ["dave"] = 1.0 }, rig.Chain.WeightCalls[^1].ByHotkey);
        Assert.True(result.Outcomes.Single(o => o.Hotkey == "alice").IsKing);
        Assert.False(result.Outcomes.Single(o => o.Hotkey == "bob").IsKing);
        Assert.Equal(0.6, rig.State.Records[^1].Standings.Find(new SubmissionKey("carol", 101))?.Score);
        var report = rig.Storage.Published.Last(a => a.Key.EndsWith("report.json", StringComparison.Ordinal));
        Assert.Contains("\"duels\"", System.Text.Encoding.UTF8.GetString(report.Content.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AllScheduling_ScoresEveryoneInOneCall_NoEvaluationsRecorded()
    {
        var rig = new Fakes.RoundRig();
        rig.Commit("alice", "o/alice", 2.0);
        rig.Commit("bob", "o/bob", 1.0);
        rig.Chain.Advance();

        await rig.RunAsync();
        await rig.NextRoundAsync();

        Assert.Equal(2, rig.Scorer.Requests.Count);
        Assert.All(rig.Scorer.Requests, r => Assert.Equal(2, r.Candidates.Count));
        Assert.All(rig.State.Records, r => Assert.Empty(r.Evaluated));
    }
}
