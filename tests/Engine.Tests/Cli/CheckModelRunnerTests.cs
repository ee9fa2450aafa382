using Tournament.Abstractions;
using Tournament.Engine.Cli;
using Tournament.Engine.Tests.Rounds.Fakes;

namespace Tournament.Engine.Tests.Cli;

/// <summary><c>tournament check-model</c>: the mode's Metadata then Content checks against one model, outside a round.</summary>
public sealed class CheckModelRunnerTests
{
    private readonly RoundRig _rig = new();

    [Fact]
    public async Task RunAsync_AllPass_FetchesOnceAndRunsEveryStage()
    {
        var results = await CheckModelRunner.RunAsync(_rig.Composition, FakeStorage.Model("miner/good"), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(["integrity", "metadata", "content"], results.Select(r => r.Check));
        Assert.All(results, r => Assert.True(r.Outcome!.IsPassed));
        Assert.Equal(1, _rig.Storage.Fetches);
        Assert.Equal(CheckStage.Content, results[2].Stage);
    }

    [Fact]
    public async Task RunAsync_MetadataDisqualifies_ContentSkippedAndNothingDownloaded()
    {
        _rig.Metadata.ByRepo["miner/bad"] = CheckOutcome.Disqualify("param-limit", "Too many parameters.");

        var results = await CheckModelRunner.RunAsync(_rig.Composition, FakeStorage.Model("miner/bad"), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal("param-limit", results.Single(r => r.Check == "metadata").Outcome!.AsT1.ReasonCode);
        var content = results.Single(r => r.Check == "content");
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
    public async Task RunAsync_ModelGone_ReportsDescribeRemoved()
    {
        var model = FakeStorage.Model("miner/gone");
        _rig.Storage.Gone["miner/gone"] = new Disqualified(ReasonCodes.Removed, "Deleted.");

        var results = await CheckModelRunner.RunAsync(_rig.Composition, model, NullProgressReporter.Instance, CancellationToken.None);

        var only = Assert.Single(results);
        Assert.Equal("describe", only.Check);
        Assert.Equal(ReasonCodes.Removed, only.Outcome!.AsT1.ReasonCode);
    }

    [Fact]
    public async Task RunAsync_NoBackendServesTheReference_ReportsUnsupportedStorage()
    {
        var results = await CheckModelRunner.RunAsync(_rig.Composition, new ModelRef("miner/git", new string('c', 40)), NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(ReasonCodes.UnsupportedStorage, Assert.Single(results).Outcome!.AsT1.ReasonCode);
    }
}
