using Tournament.Abstractions;
using Tournament.Engine.Rounds;
using Tournament.Engine.Tests.Rounds.Fakes;

namespace Tournament.Engine.Tests.Rounds;

public sealed class RoundRunnerTests
{
    [Fact]
    public async Task RunAsync_FirstRound_CrownsLowestScoreAndSetsWinnerTakeAllWeights()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 2.5);
        rig.Commit("bob", "o/bob", 1.25);
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        Assert.False(result.AlreadyCommitted);
        Assert.Equal("bob", result.Summary.King?.Hotkey);
        Assert.Equal(new Dictionary<string, double> { ["bob"] = 1.0 }, rig.Chain.WeightCalls.Single().ByHotkey);
        Assert.Equal(1, rig.State.Commits);
        Assert.Equal([CandidateStatus.Scored, CandidateStatus.Scored], result.Outcomes.Select(o => o.Status));
        Assert.Equal([2.5, 1.25], result.Outcomes.Select(o => o.Score));
        var record = rig.State.Records.Single();
        Assert.Equal(RoundSeed.FromBlockHash(rig.Chain.Head.Hash).ToString(), record.Summary.Seed);
        Assert.Equal(3, record.Scores.Single(s => s.Key.Hotkey == "bob").PerPrompt.Count);
    }

    [Fact]
    public async Task RunAsync_PromptSeed_IsTheBlockHashSeedDerivedForPrompts()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1);
        rig.Chain.SetHead(FakeChain.HeadAt(200));
        await rig.RunAsync();
        rig.Chain.SetHead(FakeChain.HeadAt(200, salt: "fork"));
        await rig.RunAsync();

        Assert.Equal(RoundSeed.FromBlockHash(FakeChain.HeadAt(200).Hash).Derive("prompts"), rig.Prompts.Seeds[0]);
        Assert.NotEqual(rig.Prompts.Seeds[0], rig.Prompts.Seeds[1]);
    }

    [Fact]
    public async Task RunAsync_KingIsScoredEveryRound_OnTheSamePromptsAsChallengers()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();
        await rig.RunAsync();
        rig.Commit("bob", "o/bob", 3.0);

        var second = await rig.NextRoundAsync();

        var request = rig.Scorer.Requests[^1];
        Assert.Equal(2, request.Candidates.Count);
        Assert.True(request.Candidates.Single(c => c.Submission.Hotkey == "alice").IsKing);
        Assert.False(request.Candidates.Single(c => c.Submission.Hotkey == "bob").IsKing);
        Assert.True(second.Outcomes.Single(o => o.Hotkey == "alice").IsKing);
        Assert.Equal("alice", second.Summary.King?.Hotkey);
        var ids = second.Outcomes.Select(o => rig.State.Records[^1].Scores.Single(s => s.Key == o.Key).PerPrompt.Select(p => p.PromptId).ToList()).ToList();
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task RunAsync_CheckDisqualifies_RecordsItAndNeverChecksTheSubmissionAgain()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Commit("mallory", "o/mallory", 0.1);
        rig.Content.ByRepo["o/mallory"] = CheckOutcome.Disqualify("no-remote-code", "A .py file is present.");
        rig.Chain.Advance();

        var first = await rig.RunAsync();
        await rig.NextRoundAsync();

        var row = first.Outcomes.Single(o => o.Hotkey == "mallory");
        Assert.Equal(CandidateStatus.Disqualified, row.Status);
        Assert.Equal("content", row.Source);
        Assert.Equal("alice", first.Summary.King?.Hotkey);
        var dq = rig.State.Records[0].Disqualifications.Single();
        Assert.Equal(("no-remote-code", "content", first.Summary.Block), (dq.ReasonCode, dq.Source, dq.Block));
        Assert.Equal(1, rig.Content.Calls[row.Key]);
        Assert.DoesNotContain(rig.State.Records[1].Scores, s => s.Key == row.Key);
    }

    [Fact]
    public async Task RunAsync_CheckDefers_SubmissionSitsOutWithoutPenaltyAndCompetesNextRound()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 2.0);
        rig.Commit("bob", "o/bob", 1.0);
        rig.Metadata.ByRepo["o/bob"] = CheckOutcome.Defer("The registry timed out.");
        rig.Chain.Advance();

        var first = await rig.RunAsync();
        rig.Metadata.ByRepo.Remove("o/bob");
        var second = await rig.NextRoundAsync();

        Assert.Equal(CandidateStatus.Deferred, first.Outcomes.Single(o => o.Hotkey == "bob").Status);
        Assert.Empty(rig.State.Records[0].Disqualifications);
        Assert.Null(rig.State.Records[0].Standings.Find(first.Outcomes.Single(o => o.Hotkey == "bob").Key));
        Assert.Equal("alice", first.Summary.King?.Hotkey);
        Assert.Equal(CandidateStatus.Scored, second.Outcomes.Single(o => o.Hotkey == "bob").Status);
        Assert.Equal("bob", second.Summary.King?.Hotkey);
    }

    [Fact]
    public async Task RunAsync_StorageDeferredAndScorerDeferred_AreNotDisqualifications()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 2.0);
        rig.Commit("bob", "o/bob", 1.0);
        rig.Commit("carol", "o/carol", 0.5);
        rig.Storage.Deferred["o/bob"] = new Deferred("HTTP 503 from the hub.");
        rig.Scorer.Outcomes["o/carol"] = new Deferred("The teacher is unreachable.");
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        Assert.Equal(("deferred", "fake-storage"), (result.Outcomes.Single(o => o.Hotkey == "bob").Status, result.Outcomes.Single(o => o.Hotkey == "bob").Source));
        Assert.Equal(("deferred", "fake-scorer"), (result.Outcomes.Single(o => o.Hotkey == "carol").Status, result.Outcomes.Single(o => o.Hotkey == "carol").Source));
        Assert.Empty(rig.State.Records[0].Disqualifications);
        Assert.Equal("alice", result.Summary.King?.Hotkey);
    }

    [Fact]
    public async Task RunAsync_ScorerDisqualifies_RecordsTheScorerAsSource()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 2.0);
        rig.Commit("copycat", "o/copycat", 0.0);
        rig.Scorer.Outcomes["o/copycat"] = new Disqualified("teacher-copy", "KL is 0: a copy of the teacher.");
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        var dq = rig.State.Records[0].Disqualifications.Single();
        Assert.Equal(("copycat", "teacher-copy", "fake-scorer"), (dq.Key.Hotkey, dq.ReasonCode, dq.Source));
        Assert.Equal("alice", result.Summary.King?.Hotkey);
    }

    [Fact]
    public async Task RunAsync_KingRepositoryDeleted_CrownMovesToBestFreshChallenger()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 0.5);
        rig.Commit("bob", "o/bob", 2.0);
        rig.Commit("carol", "o/carol", 1.5);
        rig.Chain.Advance();
        var first = await rig.RunAsync();
        Assert.Equal("alice", first.Summary.King?.Hotkey);
        rig.Storage.Gone["o/alice"] = new Disqualified(ReasonCodes.Removed, "The repository was deleted.");

        var second = await rig.NextRoundAsync();

        Assert.True(second.KingGone);
        Assert.Equal("carol", second.Summary.King?.Hotkey);
        var alice = second.Outcomes.Single(o => o.Hotkey == "alice");
        Assert.Equal((CandidateStatus.Disqualified, true, "fake-storage"), (alice.Status, alice.IsKing, alice.Source));
        Assert.Null(second.Standings.Find(alice.Key));
        Assert.Equal(new Dictionary<string, double> { ["carol"] = 1.0 }, rig.Chain.WeightCalls[^1].ByHotkey);
        Assert.Equal("carol", rig.State.Records[^1].King?.Key.Hotkey);
    }

    [Fact]
    public async Task RunAsync_KingDeferred_KeepsTheCrown()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();
        await rig.RunAsync();
        rig.Commit("bob", "o/bob", 0.1);
        rig.Storage.Deferred["o/alice"] = new Deferred("Throttled.");

        var second = await rig.NextRoundAsync();

        Assert.False(second.KingGone);
        Assert.Equal("alice", second.Summary.King?.Hotkey);
        Assert.Equal(CandidateStatus.Deferred, second.Outcomes.Single(o => o.Hotkey == "alice").Status);
    }

    [Fact]
    public async Task RunAsync_OnceChecksPassed_AreNotRunAgainButEveryRoundChecksAre()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();
        var first = await rig.RunAsync();
        await rig.NextRoundAsync();
        await rig.NextRoundAsync();

        var key = first.Outcomes.Single().Key;
        Assert.Equal(1, rig.Metadata.Calls[key]);
        Assert.Equal(1, rig.Content.Calls[key]);
        Assert.Equal(3, rig.Integrity.Calls[key]);
        Assert.Equal(
            [new CheckPassRecord(key, "metadata"), new CheckPassRecord(key, "content")],
            rig.State.Records[0].PassedChecks);
        Assert.Empty(rig.State.Records[1].PassedChecks);
    }

    [Fact]
    public async Task RunAsync_SameRoundTwice_SecondIsAlreadyCommittedAndChangesNothing()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Commit("bob", "o/bob", 2.0);
        rig.Chain.Advance();

        var first = await rig.RunAsync();
        var again = await rig.RunAsync();

        Assert.True(again.AlreadyCommitted);
        Assert.Equal(1, rig.State.Commits);
        Assert.Single(rig.Chain.WeightCalls);
        Assert.Single(rig.Scorer.Requests);
        Assert.Equal(first.Summary, again.Summary);
        Assert.Equal(first.Outcomes.Select(o => (o.Key, o.Status, o.Score)), again.Outcomes.Select(o => (o.Key, o.Status, o.Score)));
    }

    [Fact]
    public async Task RunAsync_WeightsDeferredByChain_FailsAsInfrastructureAndCommitsNothing()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();
        rig.Chain.DeferWeights = new Deferred("The RPC endpoint is down.");

        var error = await Assert.ThrowsAsync<RoundInfrastructureException>(() => rig.RunAsync());

        Assert.Contains("RPC endpoint is down", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, rig.State.Commits);
        Assert.Empty(rig.Storage.Published);
    }

    [Fact]
    public async Task RunAsync_Artifacts_ReportStandingsAndComponentArtifactsPublishedAfterCommit()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        var folder = ArtifactPublisher.RoundFolder(RoundRig.Mode, result.Summary.Block, result.Summary.BlockHash);
        Assert.Equal([$"{folder}/report.json", $"{folder}/standings.json", $"scorer/{result.Summary.Block}.txt"], rig.Storage.Published.Select(a => a.Key));
        using var report = System.Text.Json.JsonDocument.Parse(rig.Storage.Published[0].Content);
        Assert.Equal(result.Summary.BlockHash, report.RootElement.GetProperty("blockHash").GetString());
        Assert.Equal("alice", report.RootElement.GetProperty("models")[0].GetProperty("hotkey").GetString());
        Assert.Equal(3, report.RootElement.GetProperty("models")[0].GetProperty("perPrompt").GetArrayLength());
        Assert.Equal(3, result.Published.Count);
    }

    [Fact]
    public async Task RunAsync_PublishingFails_RoundStillCommitsAndReturns()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();
        rig.Storage.FailPublishing = true;

        var result = await rig.RunAsync();

        Assert.Equal(1, rig.State.Commits);
        Assert.Empty(result.Published);
        Assert.Equal("alice", result.Summary.King?.Hotkey);
    }

    [Fact]
    public async Task RunAsync_NoCandidates_CommitsAnEmptyRoundWithNoKing()
    {
        var rig = new RoundRig();
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        Assert.Null(result.Summary.King);
        Assert.Empty(result.Outcomes);
        Assert.Empty(rig.Scorer.Requests);
        Assert.Empty(rig.Chain.WeightCalls.Single().ByHotkey);
        Assert.Equal(1, rig.State.Commits);
    }

    [Fact]
    public async Task RunAsync_MetadataCheckDisqualifies_ModelIsNeverFetched()
    {
        var rig = new RoundRig();
        rig.Commit("mallory", "o/mallory", 0.1);
        rig.Metadata.ByRepo["o/mallory"] = CheckOutcome.Disqualify("forbidden-file", "A .py file is present.");
        rig.Chain.Advance();

        await rig.RunAsync();

        Assert.Equal(1, rig.Storage.Describes);
        Assert.Equal(0, rig.Storage.Fetches);
        Assert.Empty(rig.Content.Calls);
    }

    [Fact]
    public async Task RunAsync_ContentChecks_SeeTheFetchedSnapshotAndTheKingFlag()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();
        await rig.RunAsync();
        var seen = new List<(string? Directory, bool IsKing)>();
        rig.Content.Rule = context =>
        {
            seen.Add((context.Snapshot?.Directory, context.IsKing));
            return CheckOutcome.Pass();
        };
        rig.Commit("bob", "o/bob", 2.0);

        await rig.NextRoundAsync();

        Assert.Equal([("/fake/o/bob", false)], seen);
        Assert.Equal(2, rig.Storage.Fetches - 1);
    }
}
