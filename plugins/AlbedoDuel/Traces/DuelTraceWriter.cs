using System.Globalization;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Duel;
using Tournament.Plugins.AlbedoDuel.Generation;
using Tournament.Plugins.AlbedoDuel.Judging;

namespace Tournament.Plugins.AlbedoDuel.Traces;

/// <summary>The settings a duel's judging ran with (recorded in <c>duel.json</c>, replayed by <c>duel verify</c>).</summary>
internal sealed record DuelSettings(IReadOnlyList<string> JudgeModels, int JudgePasses, int JudgeMaxTokens, IReadOnlyList<string> ReservedTokens, double Temperature, int MaxNewTokens, string ChatTemplateSha256);

/// <summary>One side's replies with the seeds they were sampled from.</summary>
internal sealed record SideReplies(string Side, IReadOnlyList<GeneratedReply> Replies, IReadOnlyList<ulong> Seeds);

/// <summary>
/// Builds the scorer's traces of one duel: <c>responses_king.jsonl</c>, <c>responses_challenger.jsonl</c>,
/// <c>judge_raw.jsonl</c> and <c>duel.json</c> (the rule adds <c>verdict.json</c>). Every line carries the duel id and
/// both hotkeys. Nothing secret is in them: replies, judge requests and answers, and failure sentences that the
/// clients have already redacted.
/// </summary>
internal static class DuelTraceWriter
{
    public static IReadOnlyList<Artifact> Build(DuelIdentity duel, IReadOnlyList<Prompt> prompts, SideReplies king, SideReplies challenger, IReadOnlyList<JudgedSample> judged, DuelSettings settings)
    {
        var (k, c) = (duel.King.Hotkey, duel.Challenger.Hotkey);
        var file = new DuelFile(
            duel.DuelId, k, c, duel.King.Model.ToString(), duel.Challenger.Model.ToString(), duel.Block, duel.BlockHash, duel.Seed.ToString(),
            settings.JudgeModels, settings.JudgePasses, settings.JudgeMaxTokens, settings.ReservedTokens, settings.Temperature, settings.MaxNewTokens,
            settings.ChatTemplateSha256, [.. prompts.Select(p => p.Id)],
            king.Replies.Count(r => r.Status == GenerationStatus.Failed), challenger.Replies.Count(r => r.Status == GenerationStatus.Failed),
            Enumerable.Range(0, prompts.Count).Count(i => king.Replies[i].Status == GenerationStatus.Skipped || challenger.Replies[i].Status == GenerationStatus.Skipped));
        return
        [
            duel.Artifact(DuelIdentity.KingResponses, TraceJson.Lines(Responses(duel, prompts, king))),
            duel.Artifact(DuelIdentity.ChallengerResponses, TraceJson.Lines(Responses(duel, prompts, challenger))),
            duel.Artifact(DuelIdentity.JudgeRaw, TraceJson.Lines(JudgeLines(duel, judged))),
            duel.Artifact(DuelIdentity.Duel, TraceJson.Document(file)),
        ];
    }

    public static IReadOnlyList<TraceMessage> Messages(IEnumerable<ChatMessage> messages) => [.. messages.Select(m => new TraceMessage(m.Role, m.Content))];

    private static IEnumerable<ResponseLine> Responses(DuelIdentity duel, IReadOnlyList<Prompt> prompts, SideReplies side) =>
        prompts.Select((p, i) =>
        {
            var r = side.Replies[i];
            return new ResponseLine(
                duel.DuelId, duel.King.Hotkey, duel.Challenger.Hotkey, side.Side, i, p.Id, Messages(p.Messages), r.Status.ToString().ToLowerInvariant(), r.Text, r.Truncated,
                r.PromptTokens, r.CompletionTokens, r.Error, side.Seeds[i].ToString(CultureInfo.InvariantCulture));
        });

    private static IEnumerable<JudgeLine> JudgeLines(DuelIdentity duel, IReadOnlyList<JudgedSample> judged) =>
        judged.Where(s => s.Request is not null).SelectMany(s => s.Calls.Select(call =>
        {
            var (model1, model2) = s.ChallengerFirst ? (s.Challenger!.Stripped.Text, s.King!.Stripped.Text) : (s.King!.Stripped.Text, s.Challenger!.Stripped.Text);
            var parsed = JudgeMetrics.ByName(call.Verdict.Values);
            return new JudgeLine(
                duel.DuelId, duel.King.Hotkey, duel.Challenger.Hotkey, s.Prompt.Id, s.ChallengerFirst, call.Judge, call.Model, call.Pass, Messages(s.Request!.Messages),
                model1, model2, call.Answer, call.Failure, parsed, call.Verdict.Parsed ? "parsed" : $"unparsed: {call.Verdict.Error}");
        }));
}
