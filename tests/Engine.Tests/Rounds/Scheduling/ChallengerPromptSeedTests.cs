using Tournament.Abstractions;
using Tournament.Engine.Configuration;

namespace Tournament.Engine.Tests.Rounds.Scheduling;

public sealed class ChallengerPromptSeedTests
{
    [Fact]
    public async Task RunAsync_ChallengerSeeding_EachDuelGetsTheChallengersOwnPromptSet()
    {
        var (rig, scorer) = DuelRig.Create(maxChallengers: 2, prompts: PromptSeeding.Challenger);
        rig.Commit("alice", "o/alice-50", 0);
        rig.Commit("bob", "o/bob-70", 0);
        rig.Chain.Advance();

        await rig.RunAsync();

        var seed = RoundSeed.FromBlockHash(rig.Chain.Head.Hash);
        Assert.Equal([seed.ForChallenger("alice"), seed.ForChallenger("bob")], rig.Prompts.Seeds);
        Assert.NotEqual(scorer.Requests[0].Prompts.Prompts[0].Id, scorer.Requests[1].Prompts.Prompts[0].Id);
        // The king is scored on the challenger's prompts, in the same call.
        Assert.All(scorer.Requests[1].Candidates, _ => Assert.StartsWith(seed.ForChallenger("bob").ToString()[..8], scorer.Requests[1].Prompts.Prompts[0].Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RoundSeedingInQueue_OnePromptSetSelectedOnceForAllDuels()
    {
        var (rig, scorer) = DuelRig.Create(maxChallengers: 3);
        rig.Commit("alice", "o/alice-50", 0);
        rig.Commit("bob", "o/bob-70", 0);
        rig.Commit("carol", "o/carol-80", 0);
        rig.Chain.Advance();

        await rig.RunAsync();

        Assert.Equal([RoundSeed.FromBlockHash(rig.Chain.Head.Hash).Derive("prompts")], rig.Prompts.Seeds);
        Assert.Equal(3, scorer.Requests.Count);
        Assert.Single(scorer.Requests.Select(r => r.Prompts).Distinct());
    }

    [Theory]
    [InlineData(CandidateScheduling.All, PromptSeeding.Challenger, 1, "need queue scheduling")]
    [InlineData(CandidateScheduling.Queue, PromptSeeding.Round, 0, "MaxChallengers must be between 1 and 256")]
    [InlineData(CandidateScheduling.Queue, PromptSeeding.Round, 257, "MaxChallengers must be between 1 and 256")]
    public void ScheduleSettings_InvalidCombination_OneClearProblem(CandidateScheduling candidates, PromptSeeding prompts, int max, string expected)
    {
        var problems = new List<ConfigurationProblem>();

        OptionsBinder.Validate(new ScheduleSettings { Candidates = candidates, Prompts = prompts, MaxChallengers = max }, "Tournament:Modes:albedo:Schedule", problems);

        var problem = Assert.Single(problems);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("Tournament:Modes:albedo:Schedule", problem.Path, StringComparison.Ordinal);
    }
}
