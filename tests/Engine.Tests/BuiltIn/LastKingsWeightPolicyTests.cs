using Tournament.Abstractions;
using Tournament.Engine.BuiltIn;
using Tournament.Engine.Tests.Rounds.Scheduling;

namespace Tournament.Engine.Tests.BuiltIn;

public sealed class LastKingsWeightPolicyTests
{
    private static readonly Neuron[] Metagraph = [new(0, "owner", 1), new(1, "alice", 1), new(2, "bob", 1), new(3, "carol", 1)];

    private static WeightVector Assign(LastKingsOptions options, SubmissionKey? king, params string[] previous) =>
        new LastKingsWeightPolicy(options).Assign(new WeightPolicyInput(
            Context(),
            new KingDecision(king, Standings.Empty, WeightVector.Empty, [], "test"),
            [.. previous.Select(h => new SubmissionKey(h, 5))],
            Metagraph));

    private static RoundContext Context() =>
        new("m", new ChainHead(10, "0x01", DateTimeOffset.UnixEpoch), RoundSeed.FromBlockHash("0x01"), null, NullProgressReporter.Instance, new Tournament.Engine.Rounds.ArtifactCollector());

    [Fact]
    public void Assign_DefaultOptions_IsWinnerTakeAll()
    {
        Assert.Equal(new Dictionary<string, double> { ["alice"] = 1.0 }, Assign(new LastKingsOptions(), new SubmissionKey("alice", 1), "bob").ByHotkey);
    }

    [Fact]
    public void Assign_LastFiveKings_SplitsEquallyOverRegisteredOnes_NewestFirst()
    {
        var weights = Assign(new LastKingsOptions { Kings = 3 }, new SubmissionKey("alice", 1), "gone", "bob", "alice", "carol", "owner");

        Assert.Equal(new Dictionary<string, double> { ["alice"] = 1.0 / 3, ["bob"] = 1.0 / 3, ["carol"] = 1.0 / 3 }, weights.ByHotkey);
    }

    [Fact]
    public void Assign_NoKing_BurnsToTheConfiguredUid_OrSetsNothing()
    {
        Assert.Equal(new Dictionary<string, double> { ["owner"] = 1.0 }, Assign(new LastKingsOptions { Kings = 5, BurnUid = 0 }, null, "bob").ByHotkey);
        Assert.Empty(Assign(new LastKingsOptions { Kings = 5 }, null, "bob").ByHotkey);
        Assert.Empty(Assign(new LastKingsOptions { BurnUid = 42 }, null).ByHotkey);
    }

    [Fact]
    public async Task RunAsync_QueueRoundWithLastKings_PaysTheNewKingAndTheOneItDethroned()
    {
        var (rig, _) = DuelRig.Create(maxChallengers: 2);
        rig.WeightPolicy = new LastKingsWeightPolicy(new LastKingsOptions { Kings = 5, BurnUid = 0 });
        rig.Chain.Register("owner", 0);
        rig.Commit("alice", "o/alice-50", 0);
        rig.Chain.Advance();
        await rig.RunAsync();
        rig.Commit("bob", "o/bob-70", 0);
        rig.Commit("carol", "o/carol-90", 0);

        await rig.NextRoundAsync();
        rig.Chain.Deregister("alice");
        await rig.NextRoundAsync();

        Assert.Equal(new Dictionary<string, double> { ["alice"] = 1.0 }, rig.Chain.WeightCalls[0].ByHotkey);
        // bob was king between the two duels of the second round; carol ends it.
        Assert.Equal(new Dictionary<string, double> { ["carol"] = 1.0 / 3, ["bob"] = 1.0 / 3, ["alice"] = 1.0 / 3 }, rig.Chain.WeightCalls[1].ByHotkey);
        // alice deregistered: the refresh round pays only the kings still registered.
        Assert.Equal(new Dictionary<string, double> { ["carol"] = 0.5, ["bob"] = 0.5 }, rig.Chain.WeightCalls[2].ByHotkey);
    }
}
