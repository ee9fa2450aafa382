using System.Collections.Concurrent;
using System.Globalization;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Duel;
using Tournament.Plugins.AlbedoDuel.Generation;
using Tournament.Plugins.AlbedoDuel.Judging;
using Tournament.Plugins.AlbedoDuel.Verdict;

namespace Tournament.Plugins.AlbedoDuel.Traces;

/// <summary>What <c>duel verify</c> found: agreement, or the first disagreement as one sentence.</summary>
internal sealed record VerifyResult(bool Agrees, string Sentence);

/// <summary>
/// Recomputes a duel's verdict from its published traces alone: the duel seed from the block hash and the challenger's
/// hotkey, the screening of every recorded reply, the position swap, each judge's answers re-parsed (replayed through
/// the same <see cref="DuelJudging"/> code, <see cref="ReplayJudge"/>), the evidence and the gates; then compares every
/// figure of <c>verdict.json</c> bit for bit.
/// </summary>
internal static class TraceVerifier
{
    public static async Task<VerifyResult> VerifyAsync(TraceSet traces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var (duel, verdict) = (traces.Duel, traces.Verdict);
        if (Identity(traces) is { } mismatch)
        {
            return Disagree(mismatch);
        }

        var seed = RoundSeed.FromBlockHash(duel.BlockHash).ForChallenger(duel.ChallengerHotkey);
        if (seed.ToString() != duel.Seed || seed.ToString() != verdict.Seed)
        {
            return Disagree($"the duel seed derived from block hash {duel.BlockHash} and hotkey {duel.ChallengerHotkey} is {seed}, not the recorded one");
        }

        if (Samples(traces) is { } sampleMismatch)
        {
            return Disagree(sampleMismatch);
        }

        if (duel.Judges.Count is 0 or > 64 || duel.JudgePasses is < 1 or > 10 || verdict.Judges != duel.Judges.Count)
        {
            throw new TraceFormatException("duel.json must name 1 to 64 judges and 1 to 10 passes, and verdict.json the same judge count.");
        }

        var prompts = traces.King.Select(l => new Prompt(l.SampleId, l.Messages.Count > 0 ? l.Messages[^1].Content : string.Empty, [.. l.Messages.Select(m => new ChatMessage(m.Role, m.Content))], new Dictionary<string, string>())).ToList();
        var problems = new ConcurrentQueue<string>();
        var judges = duel.Judges.Select((model, j) => new ReplayJudge(j, model, duel.DuelId, traces.Judges, problems)).ToList();
        var judging = new DuelJudging(judges, new ReferenceBook(), duel.ReservedTokens, duel.JudgePasses, duel.JudgeMaxTokens);
        var (judged, evidence) = await judging.JudgeAsync(duel.DuelId, seed, prompts, Replies(traces.King), Replies(traces.Challenger), cancellationToken).ConfigureAwait(false);
        if (problems.TryPeek(out var problem))
        {
            return Disagree(problem);
        }

        var unused = judges.Sum(j => j.Unused) + traces.Judges.Count(l => l.Judge < 0 || l.Judge >= judges.Count);
        if (unused > 0)
        {
            return Disagree($"judge_raw.jsonl records {unused} call(s) the duel never makes");
        }

        if (Recorded(traces.Judges, judged) is { } recorded)
        {
            return Disagree(recorded);
        }

        var g = verdict.Gates;
        if (g.BootstrapResamples is < 1 or > 1_000_000 || !(g.BootstrapQuantile is >= 0 and <= 0.5) || !(g.MinValidFraction is >= 0 and <= 1) || !double.IsFinite(g.MarginPoints))
        {
            throw new TraceFormatException("verdict.json has gates outside their ranges.");
        }

        var gates = new DuelGates { MarginPoints = g.MarginPoints, BootstrapResamples = g.BootstrapResamples, BootstrapQuantile = g.BootstrapQuantile, MinValidFraction = g.MinValidFraction, RequireTwoWins = g.RequireTwoWins };
        var again = DuelAggregation.Judge(evidence, seed, gates);
        return Compare(again, verdict) ?? new VerifyResult(true, string.Create(CultureInfo.InvariantCulture,
            $"The traces agree with verdict.json: {again.Outcome} (challenger {again.Challenger:0.###} points, {again.ValidSamples} of {again.FinishedSamples} finished samples valid, bootstrap lower bound {again.BootstrapLower:0.#####})."));
    }

    private static VerifyResult Disagree(string what) => new(false, $"The traces disagree with verdict.json: {what}.");

    private static string? Identity(TraceSet t)
    {
        var d = t.Duel;
        bool Same(string duelId, string king, string challenger) => duelId == d.DuelId && king == d.KingHotkey && challenger == d.ChallengerHotkey;
        if (!Same(t.Verdict.DuelId, t.Verdict.KingHotkey, t.Verdict.ChallengerHotkey) || t.Verdict.BlockHash != d.BlockHash || t.Verdict.Block != d.Block)
        {
            return "verdict.json names another duel than duel.json";
        }

        var stray = t.King.Concat(t.Challenger).Select(l => (l.DuelId, l.KingHotkey, l.ChallengerHotkey))
            .Concat(t.Judges.Select(l => (l.DuelId, l.KingHotkey, l.ChallengerHotkey)))
            .FirstOrDefault(x => !Same(x.DuelId, x.KingHotkey, x.ChallengerHotkey));
        return stray == default ? null : $"a trace line belongs to another duel ({stray.DuelId})";
    }

    private static string? Samples(TraceSet t)
    {
        var ids = t.Duel.SampleIds;
        if (ids.Count > TraceSet.MaxSamples || t.King.Count != ids.Count || t.Challenger.Count != ids.Count)
        {
            return $"duel.json lists {ids.Count} samples but the response files hold {t.King.Count} (king) and {t.Challenger.Count} (challenger) lines";
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var (k, c) = (t.King[i], t.Challenger[i]);
            if (k.Index != i || c.Index != i || k.SampleId != ids[i] || c.SampleId != ids[i] || k.Side != GenerationSeeds.King || c.Side != GenerationSeeds.Challenger)
            {
                return $"response line {i + 1} is not sample {i} ('{ids[i]}') of its side";
            }

            if (!k.Messages.SequenceEqual(c.Messages))
            {
                return $"the king and the challenger were shown different conversations for sample '{ids[i]}'";
            }
        }

        return null;
    }

    private static List<GeneratedReply> Replies(IReadOnlyList<ResponseLine> lines) =>
        [.. lines.Select(l => l.Status == "ok" && l.Reply is not null ? new GeneratedReply(l.Reply, l.Truncated) : GeneratedReply.Failed(l.Error ?? l.Status))];

    private static string? Recorded(IReadOnlyList<JudgeLine> lines, IReadOnlyList<JudgedSample> judged)
    {
        var bySample = judged.ToDictionary(s => s.Prompt.Id, StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var sample = bySample[line.SampleId];
            var call = sample.Calls.Single(c => c.Judge == line.Judge && c.Pass == line.Pass);
            var parsed = JudgeMetrics.ByName(call.Verdict.Values);
            if (line.ChallengerFirst != sample.ChallengerFirst)
            {
                return $"sample '{line.SampleId}' records the challenger as MODEL {(line.ChallengerFirst ? 1 : 2)}, but the seeded swap puts it as MODEL {(sample.ChallengerFirst ? 1 : 2)}";
            }

            if ((parsed is null) != (line.Parsed is null) || (parsed is not null && !parsed.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(line.Parsed!.OrderBy(p => p.Key, StringComparer.Ordinal))))
            {
                return $"judge {line.Judge}'s answer on sample '{line.SampleId}' (pass {line.Pass}) parses differently from the recorded metrics";
            }
        }

        return null;
    }

    private static VerifyResult? Compare(DuelVerdict again, VerdictFile recorded)
    {
        static bool Same(double a, double b) => a.Equals(b);
        if (again.Outcome.ToString() != recorded.Outcome)
        {
            return Disagree($"the recomputed outcome is {again.Outcome}, the recorded one {recorded.Outcome}");
        }

        if (!Same(again.Challenger, recorded.Challenger) || !Same(again.King, recorded.King))
        {
            return Disagree(string.Create(CultureInfo.InvariantCulture, $"the recomputed points are {again.Challenger:R}/{again.King:R}, the recorded ones {recorded.Challenger:R}/{recorded.King:R}"));
        }

        if (again.FinishedSamples != recorded.Finished || again.ValidSamples != recorded.Valid)
        {
            return Disagree($"{again.ValidSamples} of {again.FinishedSamples} finished samples are valid, the verdict says {recorded.Valid} of {recorded.Finished}");
        }

        if (!Same(again.BootstrapLower, recorded.BootstrapLower))
        {
            return Disagree(string.Create(CultureInfo.InvariantCulture, $"the recomputed bootstrap lower bound is {again.BootstrapLower:R}, the recorded one {recorded.BootstrapLower:R}"));
        }

        var means = again.MetricMeans.SelectMany(m => m).ToList();
        var recordedMeans = recorded.MetricMeans.SelectMany(m => m).ToList();
        if (means.Count != recordedMeans.Count || means.Where((m, i) => !Same(m, recordedMeans[i])).Any())
        {
            return Disagree("the per-judge metric means differ");
        }

        return again.Reason == recorded.Reason ? null : Disagree("the verdict's reason differs");
    }
}
