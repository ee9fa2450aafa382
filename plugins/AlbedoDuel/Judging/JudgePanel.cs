using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Judging;

/// <summary>One judge call, as traced: the raw answer or failure and how it parsed.</summary>
/// <param name="Judge">The judge's index in the panel.</param>
/// <param name="Model">The judge model.</param>
/// <param name="Pass">0 for the first ask, 1.. for re-asks.</param>
/// <param name="Answer">The raw answer text, when the call answered.</param>
/// <param name="Failure">The call's failure sentence, when it did not.</param>
/// <param name="Verdict">The parse result.</param>
internal sealed record JudgeCall(int Judge, string Model, int Pass, string? Answer, string? Failure, ParsedVerdict Verdict);

/// <summary>
/// Asks every judge of the panel about one sample; judges whose answer did not parse (or whose call failed) are
/// re-asked, only they, up to <c>passes − 1</c> more times.
/// </summary>
internal static class JudgePanel
{
    public static async Task<(IReadOnlyList<ParsedVerdict> Final, IReadOnlyList<JudgeCall> Calls)> AskAsync(
        IReadOnlyList<IJudge> judges, JudgeRequest request, int passes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(judges);
        var final = new ParsedVerdict[judges.Count];
        var calls = new List<JudgeCall>();
        var pending = Enumerable.Range(0, judges.Count).ToList();
        for (var pass = 0; pass < passes && pending.Count > 0; pass++)
        {
            var current = pass;
            var results = await Task.WhenAll(pending.Select(j => AskOneAsync(judges[j], j, current, request, cancellationToken))).ConfigureAwait(false);
            calls.AddRange(results);
            foreach (var call in results)
            {
                final[call.Judge] = call.Verdict;
            }

            pending = results.Where(r => !r.Verdict.Parsed).Select(r => r.Judge).ToList();
        }

        return (final, calls);
    }

    private static async Task<JudgeCall> AskOneAsync(IJudge judge, int index, int pass, JudgeRequest request, CancellationToken cancellationToken)
    {
        var result = await judge.JudgeAsync(request, cancellationToken).ConfigureAwait(false);
        return result.Match(
            answer => new JudgeCall(index, judge.Model, pass, answer.Text, null, VerdictParser.Parse(answer.Text)),
            failure => new JudgeCall(index, judge.Model, pass, null, failure.Reason, ParsedVerdict.Fail(failure.Reason)));
    }
}
