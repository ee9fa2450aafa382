using Tournament.Abstractions;

namespace Tournament.KlDistil.Tests.KingRules;

/// <summary>Builds king-rule inputs.</summary>
internal static class RuleInputs
{
    public static Submission Sub(string hotkey, long block) => new(hotkey, 0, block, new ModelRef("m/" + hotkey, new string('0', 40)));

    public static RoundContext Round(long block = 1000) =>
        new("distil", new ChainHead(block, "0x01", DateTimeOffset.UnixEpoch), RoundSeed.FromBytes(new byte[32]), null, NullProgressReporter.Instance, new Sink());

    public static Scored Kl(double value, int prompts = 120) =>
        new(value, Enumerable.Range(0, prompts).Select(i => new PromptScore($"p{i}", value)).ToList(), new Dictionary<string, double>());

    public static Scored PerPrompt(IReadOnlyList<double> values, int firstPrompt = 0) =>
        new(values.Average(), values.Select((v, i) => new PromptScore($"p{i + firstPrompt}", v)).ToList(), new Dictionary<string, double>());

    public static ScoreSheet Sheet(params (Submission Sub, CandidateScore Score)[] scores) =>
        new(ScoreDirection.LowerIsBetter, scores.ToDictionary(s => s.Sub.Key, s => s.Score), new Dictionary<string, double>());

    public static KingRuleInput Input(Standings previous, SubmissionKey? king, bool kingGone, IReadOnlyList<Submission> eligible, ScoreSheet sheet, long block = 1000) =>
        new(Round(block), previous, king, kingGone, eligible, sheet);

    private sealed class Sink : IArtifactSink
    {
        public void Add(Artifact artifact)
        {
        }
    }
}
