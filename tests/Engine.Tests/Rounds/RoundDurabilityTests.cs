using Tournament.Abstractions;
using Tournament.Engine.Tests.Rounds.Fakes;

namespace Tournament.Engine.Tests.Rounds;

public sealed class RoundDurabilityTests
{
    [Fact]
    public async Task RunAsync_ScorerThrowsMidRound_StateUnchangedAndRerunMatchesACleanRun()
    {
        var broken = Setup();
        broken.Scorer.Throw = new InvalidOperationException("CUDA out of memory.");

        await Assert.ThrowsAsync<InvalidOperationException>(() => broken.RunAsync());
        Assert.Equal(0, broken.State.Commits);
        Assert.Empty(broken.Chain.WeightCalls);
        var before = await broken.State.LoadAsync(RoundRig.Mode, default);
        Assert.Null(before.King);
        Assert.Empty(before.PassedChecks);

        broken.Scorer.Throw = null;
        var rerun = await broken.RunAsync();
        var clean = await Setup().RunAsync();

        Assert.Equal(Describe(clean), Describe(rerun));
        Assert.Equal(1, broken.State.Commits);
    }

    [Fact]
    public async Task RunAsync_StateCommitThrows_NothingCommittedAndRerunSucceeds()
    {
        var rig = Setup();
        rig.State.FailNextCommit = new IOException("disk full");

        await Assert.ThrowsAsync<IOException>(() => rig.RunAsync());
        Assert.Equal(0, rig.State.Commits);
        Assert.Empty(rig.Storage.Published);

        var rerun = await rig.RunAsync();
        Assert.Equal(Describe(await Setup().RunAsync()), Describe(rerun));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringScoring_CommitsNothingAndSetsNoWeights()
    {
        var rig = Setup();
        using var cts = new CancellationTokenSource();
        rig.Scorer.DuringScoring = cts.Cancel;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.RunAsync(cts.Token));

        Assert.Equal(0, rig.State.Commits);
        Assert.Empty(rig.Chain.WeightCalls);
        Assert.Empty(rig.Storage.Published);
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeStart_TouchesNoComponentBeyondTheHead()
    {
        var rig = Setup();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.RunAsync(cts.Token));

        Assert.Equal(0, rig.State.Commits);
        Assert.Equal(0, rig.Storage.Describes);
        Assert.Empty(rig.Scorer.Requests);
    }

    private static RoundRig Setup()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 2.0);
        rig.Commit("bob", "o/bob", 1.0);
        rig.Commit("mallory", "o/mallory", 0.1);
        rig.Metadata.ByRepo["o/mallory"] = CheckOutcome.Disqualify("no-remote-code", "A .py file is present.");
        rig.Chain.Advance();
        return rig;
    }

    private static string Describe(Engine.Rounds.RoundResult result) =>
        string.Join(
            "\n",
            result.Outcomes.Select(o => $"{o.Key} {o.Status} {o.Score} {o.Reason}")
                .Append($"king {result.Summary.King} seed {result.Summary.Seed} {result.Summary.Explanation}")
                .Concat(result.Standings.Entries.Select(e => $"{e.Key} {e.Score} {e.RoundsScored}"))
                .Concat(result.Weights!.ByHotkey.Select(w => $"{w.Key}={w.Value}")));
}
