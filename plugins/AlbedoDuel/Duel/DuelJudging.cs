using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Cleaning;
using Tournament.Plugins.AlbedoDuel.Generation;
using Tournament.Plugins.AlbedoDuel.Judging;
using Tournament.Plugins.AlbedoDuel.Samples;
using Tournament.Plugins.AlbedoDuel.Verdict;

namespace Tournament.Plugins.AlbedoDuel.Duel;

/// <summary>A judged sample, as traced.</summary>
/// <param name="Prompt">The sample.</param>
/// <param name="ChallengerFirst">The challenger was shown as MODEL 1.</param>
/// <param name="King">The king's screened reply (null when it failed to generate).</param>
/// <param name="Challenger">The challenger's screened reply (null when it failed to generate).</param>
/// <param name="Calls">Every judge call made for the sample (none when a fault decided it).</param>
/// <param name="Scores">The challenger-side scores.</param>
/// <param name="Request">The judge request (null when no judge was asked).</param>
internal sealed record JudgedSample(Prompt Prompt, bool ChallengerFirst, ScreenedReply? King, ScreenedReply? Challenger, IReadOnlyList<JudgeCall> Calls, SampleScores Scores, JudgeRequest? Request = null);

/// <summary>
/// Judges a duel's replies: screens both replies of every sample; a sample where a side failed to generate is not
/// finished; a faulted reply (looped, truncated, reserved token) loses every metric without a judge call (both
/// faulted: a draw); otherwise the panel is asked with the seeded position swap and re-ask passes. Then the evidence
/// (<see cref="DuelAggregation.Evidence"/>); the gates are the king rule's.
/// </summary>
internal sealed class DuelJudging(IReadOnlyList<IJudge> judges, ReferenceBook book, IReadOnlyList<string> reservedTokens, int passes = 3, int judgeMaxTokens = 512)
{
    public async Task<(IReadOnlyList<JudgedSample> Samples, DuelEvidence Evidence)> JudgeAsync(
        string duelId, RoundSeed duelSeed, IReadOnlyList<Prompt> prompts, IReadOnlyList<GeneratedReply> king, IReadOnlyList<GeneratedReply> challenger, CancellationToken cancellationToken)
    {
        var swap = PositionSwap.ChallengerFirst(duelSeed, prompts.Count);
        var judged = new JudgedSample[prompts.Count];
        await Parallel.ForAsync(0, prompts.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            judged[i] = await JudgeSampleAsync($"{duelId}:{prompts[i].Id}", prompts[i], swap[i], king[i], challenger[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return (judged, DuelAggregation.Evidence(judged.Select(j => j.Scores).ToList(), judges.Count));
    }

    private async Task<JudgedSample> JudgeSampleAsync(string traceId, Prompt prompt, bool challengerFirst, GeneratedReply king, GeneratedReply challenger, CancellationToken cancellationToken)
    {
        if (king.Text is null || challenger.Text is null)
        {
            return new JudgedSample(prompt, challengerFirst, null, null, [], new SampleScores(prompt.Id, false, judges.Select(_ => (IReadOnlyList<double>?)null).ToList()));
        }

        var k = ReplyScreen.Screen(king.Text, king.Truncated, reservedTokens);
        var c = ReplyScreen.Screen(challenger.Text, challenger.Truncated, reservedTokens);
        if (k.Fault != ReplyFault.None || c.Fault != ReplyFault.None)
        {
            var score = k.Fault != ReplyFault.None && c.Fault != ReplyFault.None ? 0.5 : c.Fault != ReplyFault.None ? 0.0 : 1.0;
            var fixedScores = judges.Select(_ => (IReadOnlyList<double>?)Enumerable.Repeat(score, JudgeMetrics.Names.Count).ToList()).ToList();
            return new JudgedSample(prompt, challengerFirst, k, c, [], new SampleScores(prompt.Id, true, fixedScores));
        }

        var (model1, model2) = challengerFirst ? (c.Stripped.Text, k.Stripped.Text) : (k.Stripped.Text, c.Stripped.Text);
        book.Add(traceId, new ReferenceEntry(model1, model2, prompt.Metadata.GetValueOrDefault(SweTrajectorySelection.OriginalReplyKey) ?? string.Empty));
        try
        {
            var request = PairwisePrompt.Build(prompt.Messages, model1, model2, traceId, judgeMaxTokens);
            var (final, calls) = await JudgePanel.AskAsync(judges, request, passes, cancellationToken).ConfigureAwait(false);
            var perJudge = final.Select(v => v.Parsed ? (IReadOnlyList<double>?)v.Values!.Select(p => PositionSwap.ChallengerScore(p, challengerFirst)).ToList() : null).ToList();
            return new JudgedSample(prompt, challengerFirst, k, c, calls, new SampleScores(prompt.Id, true, perJudge), request);
        }
        finally
        {
            book.Remove(traceId);
        }
    }
}
