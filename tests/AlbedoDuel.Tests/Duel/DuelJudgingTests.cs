using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Cleaning;
using Tournament.Plugins.AlbedoDuel.Duel;
using Tournament.Plugins.AlbedoDuel.Generation;
using Tournament.Plugins.AlbedoDuel.Judging;
using Tournament.Plugins.AlbedoDuel.Samples;
using Tournament.Plugins.AlbedoDuel.Verdict;

namespace Tournament.AlbedoDuel.Tests.Duel;

public sealed class DuelJudgingTests
{
    private const string Lazy = "THOUGHT: Let me look around first.\n\n```bash\nls -la\n```";
    private static readonly RoundSeed DuelSeedValue = RoundSeed.FromBlockHash("0x77").ForChallenger("5Challenger");
    private static readonly DuelGates Gates = new() { BootstrapResamples = 2000 };

    private static DuelVerdict Judge(DuelEvidence evidence) => DuelAggregation.Judge(evidence, DuelSeedValue, Gates);

    private static async Task<IReadOnlyList<Prompt>> PromptsAsync()
    {
        var set = await ShippedCorpus.Source(ShippedCorpus.ManifestPath, ShippedCorpus.ManifestSha256).SelectAsync(DuelSeedValue, NullProgressReporter.Instance, CancellationToken.None);
        return set.Prompts;
    }

    private static List<GeneratedReply> Originals(IReadOnlyList<Prompt> prompts) =>
        prompts.Select(p => new GeneratedReply(p.Metadata[SweTrajectorySelection.OriginalReplyKey], false)).ToList();

    private static List<GeneratedReply> All(IReadOnlyList<Prompt> prompts, string text) =>
        prompts.Select(_ => new GeneratedReply(text, false)).ToList();

    [Fact]
    public async Task OfflineDuel_ChallengerCloserToTheTrajectory_WinsBothGates_AndLosesWhenReversed()
    {
        var prompts = await PromptsAsync();
        var book = new ReferenceBook();
        var duel = new DuelJudging([new OfflineReferenceJudge(book)], book, ReplyScreen.DefaultReservedTokens);

        var (samples, winEvidence) = await duel.JudgeAsync("d1", DuelSeedValue, prompts, All(prompts, Lazy), Originals(prompts), CancellationToken.None);
        var (_, lossEvidence) = await duel.JudgeAsync("d2", DuelSeedValue, prompts, Originals(prompts), All(prompts, Lazy), CancellationToken.None);
        var (win, loss) = (Judge(winEvidence), Judge(lossEvidence));

        Assert.Equal(DuelOutcome.ChallengerWins, win.Outcome);
        Assert.Equal(64, win.ValidSamples);
        Assert.Equal(32, samples.Count(s => s.ChallengerFirst));
        Assert.Equal(DuelOutcome.KingKeeps, loss.Outcome);
        Assert.Equal(100 - win.Challenger, loss.Challenger, 9);
    }

    [Fact]
    public async Task Regression10_LoopedChallenger_ScoresZeroWithoutAJudgeCall()
    {
        var prompts = await PromptsAsync();
        var book = new ReferenceBook();
        var judge = new CountingJudge(new OfflineReferenceJudge(book));
        var looped = string.Concat(Enumerable.Repeat("THOUGHT: run the tests.\n\n```bash\npython -m pytest -q\n```\n", 5));

        var (samples, evidence) = await new DuelJudging([judge], book, ReplyScreen.DefaultReservedTokens)
            .JudgeAsync("d3", DuelSeedValue, prompts, Originals(prompts), All(prompts, looped), CancellationToken.None);
        var verdict = Judge(evidence);

        Assert.Equal(0, judge.Calls);
        Assert.All(samples, s => Assert.Equal(ReplyFault.Looped, s.Challenger!.Fault));
        Assert.Equal(0.0, verdict.Challenger);
        Assert.Equal(DuelOutcome.KingKeeps, verdict.Outcome);
    }

    [Fact]
    public async Task Regression09_JudgeAnsweringNaN_IsUnparsedAndTheDuelIsRetriedNotWon()
    {
        var prompts = await PromptsAsync();
        var book = new ReferenceBook();
        var nan = new FixedJudge("{\"correctness\": NaN, \"grounding\": \"Infinity\", \"progress\": 2, \"protocol\": 2, \"efficiency\": 2}");

        var (samples, evidence) = await new DuelJudging([new OfflineReferenceJudge(book), nan], book, ReplyScreen.DefaultReservedTokens)
            .JudgeAsync("d4", DuelSeedValue, prompts, All(prompts, Lazy), Originals(prompts), CancellationToken.None);
        var verdict = Judge(evidence);

        Assert.Equal(DuelOutcome.InfrastructureFailure, verdict.Outcome);
        Assert.Equal(3 * 64, nan.Calls);
        Assert.All(samples, s => Assert.Null(s.Scores.PerJudge[1]));
    }

    [Fact]
    public async Task FailedGenerations_AreNotFinished_AndNoSampleFinishedIsAnInfrastructureFailure()
    {
        var prompts = await PromptsAsync();
        var book = new ReferenceBook();
        var failed = prompts.Select(_ => new GeneratedReply(null, false)).ToList();

        var (_, evidence) = await new DuelJudging([new OfflineReferenceJudge(book)], book, ReplyScreen.DefaultReservedTokens)
            .JudgeAsync("d5", DuelSeedValue, prompts, Originals(prompts), failed, CancellationToken.None);
        var verdict = Judge(evidence);

        Assert.Equal(DuelOutcome.InfrastructureFailure, verdict.Outcome);
        Assert.Equal(0, verdict.FinishedSamples);
    }

    [Fact]
    public async Task OfflineReferenceJudge_WithoutABookEntry_FailsWithoutRetry()
    {
        var result = await new OfflineReferenceJudge(new ReferenceBook()).JudgeAsync(new JudgeRequest([], TraceId: "x"), CancellationToken.None);

        Assert.True(result.IsT1);
        Assert.False(result.AsT1.Retryable);
    }

    private sealed class CountingJudge(IJudge inner) : IJudge
    {
        public int Calls;

        public string Model => inner.Model;

        public Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return inner.JudgeAsync(request, cancellationToken);
        }
    }

    private sealed class FixedJudge(string answer) : IJudge
    {
        public int Calls;

        public string Model => "fixed";

        public Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult<JudgeResult>(new JudgeAnswer(answer, Model, "test", null, TimeSpan.Zero));
        }
    }
}
