using Tournament.Abstractions;
using Tournament.Engine.Cli;
using Tournament.Engine.Rounds;
using Tournament.Engine.Tests.Rounds.Fakes;

namespace Tournament.Engine.Tests.Cli;

/// <summary><c>tournament check-model</c>: the round's own pipeline against one model, outside a round.</summary>
public sealed class CheckModelRunnerTests
{
    private readonly RoundRig _rig = new();

    [Fact]
    public async Task RunAsync_AllPass_FetchesOnceAndRunsEveryStage()
    {
        var (outcome, steps) = await CheckModelRunner.RunAsync(_rig.Composition, FakeStorage.Model("miner/good"), NullProgressReporter.Instance, CancellationToken.None);

        Assert.True(outcome.IsEligible);
        Assert.Equal(["integrity", "metadata", "content"], steps.Select(r => r.Check));
        Assert.All(steps, r => Assert.True(r.Outcome!.IsPassed));
        Assert.Equal(1, _rig.Storage.Fetches);
        Assert.Equal(CheckStage.Content, steps[2].Stage);
    }

    [Fact]
    public async Task RunAsync_MetadataDisqualifies_ContentSkippedAndNothingDownloaded()
    {
        _rig.Metadata.ByRepo["miner/bad"] = CheckOutcome.Disqualify("param-limit", "Too many parameters.");

        var (outcome, steps) = await CheckModelRunner.RunAsync(_rig.Composition, FakeStorage.Model("miner/bad"), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal("metadata", outcome.AsT1.Source);
        Assert.Equal("param-limit", steps.Single(r => r.Check == "metadata").Outcome!.AsT1.ReasonCode);
        var content = steps.Single(r => r.Check == "content");
        Assert.Null(content.Outcome);
        Assert.Contains("not downloaded", content.SkippedBecause, StringComparison.Ordinal);
        Assert.Equal(0, _rig.Storage.Fetches);
    }

    [Fact]
    public async Task RunAsync_CheckSeesALaterCommitBlockThanTheHead()
    {
        SubmissionKey? seen = null;
        _rig.Metadata.Rule = c =>
        {
            seen = c.Submission.Key;
            return CheckOutcome.Pass();
        };

        await CheckModelRunner.RunAsync(_rig.Composition, FakeStorage.Model("miner/x"), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(_rig.Chain.Head.Number + 1, seen!.Value.CommitBlock);
    }

    [Fact]
    public async Task RunAsync_ModelGone_ReportsDescribeRemovedAndSkipsEveryCheck()
    {
        var model = FakeStorage.Model("miner/gone");
        _rig.Storage.Gone["miner/gone"] = new Disqualified(ReasonCodes.Removed, "Deleted.");

        var (outcome, steps) = await CheckModelRunner.RunAsync(_rig.Composition, model, NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(ReasonCodes.Removed, outcome.AsT1.Reason.ReasonCode);
        Assert.Equal("describe", steps[0].Check);
        Assert.Equal(ReasonCodes.Removed, steps[0].Outcome!.AsT1.ReasonCode);
        Assert.Equal(["integrity", "metadata", "content"], steps.Skip(1).Select(s => s.Check));
        Assert.All(steps.Skip(1), s => Assert.Null(s.Outcome));
    }

    [Fact]
    public async Task RunAsync_NoBackendServesTheReference_ReportsUnsupportedStorage()
    {
        var (outcome, steps) = await CheckModelRunner.RunAsync(_rig.Composition, new ModelRef("miner/git", new string('c', 40)), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(ReasonCodes.UnsupportedStorage, outcome.AsT1.Reason.ReasonCode);
        Assert.Equal(ReasonCodes.UnsupportedStorage, steps[0].Outcome!.AsT1.ReasonCode);
    }

    [Fact]
    public async Task RunAsync_CopyOfACommittedModel_DisqualifiedThroughTheStatesFingerprints()
    {
        // A content check that records each model's "hash" and disqualifies a later owner of the same one, as
        // content-hash-dedup does: check-model must see the fingerprints the rounds committed.
        _rig.Content.Rule = c =>
        {
            var earlier = c.Ledger.Find("hash").FirstOrDefault(r => r.Value == c.Submission.Model.Repo && r.Owner != c.Submission.Key);
            c.Ledger.Record(c.Submission.Key, "hash", c.Submission.Model.Repo);
            return earlier is null ? CheckOutcome.Pass() : CheckOutcome.Disqualify(ReasonCodes.Copy, "Identical to an earlier commitment.");
        };
        _rig.Commit("alice", "miner/original", 1.0);
        await _rig.NextRoundAsync();

        var (outcome, _) = await CheckModelRunner.RunAsync(_rig.Composition, FakeStorage.Model("miner/original"), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(ReasonCodes.Copy, outcome.AsT1.Reason.ReasonCode);
    }

    [Fact]
    public async Task RunAsync_FailsExactlyWhenTheRoundDisqualifies()
    {
        _rig.Metadata.ByRepo["m/meta-dq"] = CheckOutcome.Disqualify("param-limit", "Too many parameters.");
        _rig.Integrity.ByRepo["m/integrity-dq"] = CheckOutcome.Disqualify("integrity", "Hash mismatch.");
        _rig.Content.ByRepo["m/content-dq"] = CheckOutcome.Disqualify("no-remote-code", "Python code.");
        _rig.Storage.Gone["m/gone"] = new Disqualified(ReasonCodes.Removed, "Deleted.");
        string[] repos = ["m/fine", "m/meta-dq", "m/integrity-dq", "m/content-dq", "m/gone", "m/also-fine"];
        var checkModel = new Dictionary<string, PipelineOutcome>();
        foreach (var repo in repos)
        {
            checkModel[repo] = (await CheckModelRunner.RunAsync(_rig.Composition, FakeStorage.Model(repo), NullProgressReporter.Instance, CancellationToken.None)).Outcome;
        }

        for (var i = 0; i < repos.Length; i++)
        {
            _rig.Commit("h" + i, repos[i], i);
        }

        var round = await _rig.NextRoundAsync();

        foreach (var (repo, i) in repos.Select((r, i) => (r, i)))
        {
            var row = round.Outcomes.Single(o => o.Hotkey == "h" + i);
            var disqualified = row.Status == CandidateStatus.Disqualified;
            Assert.Equal(disqualified, checkModel[repo].IsT1);
            Assert.Equal(!disqualified, checkModel[repo].IsEligible);
            if (disqualified)
            {
                Assert.Equal(row.Source, checkModel[repo].AsT1.Source);
                Assert.StartsWith($"[{checkModel[repo].AsT1.Reason.ReasonCode}]", row.Reason, StringComparison.Ordinal);
            }
        }
    }
}
