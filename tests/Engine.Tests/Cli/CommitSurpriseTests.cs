using Tournament.Cli;
using Tournament.Engine.Cli;
using Tournament.Engine.Tests.Rounds.Fakes;

namespace Tournament.Engine.Tests.Cli;

/// <summary>Issue 16, item 5: commit says what the round would do with the commitment, instead of succeeding silently.</summary>
public sealed class CommitSurpriseTests
{
    [Fact]
    public async Task SecondDifferentCommitment_IsRefusedUnlessForced()
    {
        var rig = new RoundRig();
        await CommitFlow.CommitAsync(rig.Composition, "alice", FakeStorage.Model("o/first").ToString(), force: false, default);
        rig.Chain.Advance();

        var refused = await Assert.ThrowsAsync<UserInputException>(() => CommitFlow.CommitAsync(rig.Composition, "alice", FakeStorage.Model("o/second").ToString(), force: false, default));
        Assert.Contains("only a hotkey's first commitment counts, so this one would be ignored", refused.Message, StringComparison.Ordinal);
        Assert.Single(rig.Chain.Commitments);

        await CommitFlow.CommitAsync(rig.Composition, "alice", FakeStorage.Model("o/second").ToString(), force: true, default);
        Assert.Equal(2, rig.Chain.Commitments.Count);
    }

    [Fact]
    public async Task IdenticalCommitment_IsReturnedNotPublishedAgain()
    {
        var rig = new RoundRig();
        var model = FakeStorage.Model("o/first").ToString();
        var first = await CommitFlow.CommitAsync(rig.Composition, "alice", model, force: false, default);
        rig.Chain.Advance();

        var again = await CommitFlow.CommitAsync(rig.Composition, "alice", model, force: false, default);

        Assert.Equal(first, again);
        Assert.Single(rig.Chain.Commitments);
    }

    [Fact]
    public async Task RevisionNoBackendResolves_IsRefusedAtCommitTime()
    {
        var rig = new RoundRig();

        var refused = await Assert.ThrowsAsync<UserInputException>(() => CommitFlow.CommitAsync(rig.Composition, "alice", "o/alice@" + new string('a', 40), force: false, default));

        Assert.Contains("unsupported-storage", refused.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Chain.Commitments);
    }
}
