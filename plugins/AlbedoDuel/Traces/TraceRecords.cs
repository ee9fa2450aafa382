using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tournament.Plugins.AlbedoDuel.Traces;

/// <summary>A chat message in a trace.</summary>
internal sealed record TraceMessage(string Role, string Content);

/// <summary>One line of <c>responses_king.jsonl</c> / <c>responses_challenger.jsonl</c>: one side's reply to one sample.</summary>
internal sealed record ResponseLine(
    string DuelId, string KingHotkey, string ChallengerHotkey, string Side, int Index, string SampleId, IReadOnlyList<TraceMessage> Messages,
    string Status, string? Reply, bool Truncated, int PromptTokens, int CompletionTokens, string? Error, string Seed);

/// <summary>One line of <c>judge_raw.jsonl</c>: one judge call.</summary>
internal sealed record JudgeLine(
    string DuelId, string KingHotkey, string ChallengerHotkey, string SampleId, bool ChallengerFirst, int Judge, string Model, int Pass,
    IReadOnlyList<TraceMessage> Messages, string Model1, string Model2, string? Answer, string? Failure, IReadOnlyDictionary<string, int>? Parsed, string ParseStatus);

/// <summary><c>duel.json</c>: who met whom on which samples, with the settings the judging used (what <c>duel verify</c> replays).</summary>
internal sealed record DuelFile(
    string DuelId, string KingHotkey, string ChallengerHotkey, string KingModel, string ChallengerModel, long Block, string BlockHash, string Seed,
    IReadOnlyList<string> Judges, int JudgePasses, int JudgeMaxTokens, IReadOnlyList<string> ReservedTokens, double Temperature, int MaxNewTokens,
    string ChatTemplateSha256, IReadOnlyList<string> SampleIds, int KingFailures, int ChallengerFailures, int Skipped);

/// <summary>The verdict's gates as applied.</summary>
internal sealed record GatesRecord(double MarginPoints, int BootstrapResamples, double BootstrapQuantile, double MinValidFraction, bool RequireTwoWins);

/// <summary>
/// <c>verdict.json</c>: the gates, the evidence and the verdict, written by the <c>duel-margin</c> rule, with this duel's
/// phase timings (<see cref="Duel.DuelPhases"/>; absent in traces written before they were recorded). The timings are a
/// record of the run, not evidence: <c>duel verify</c> never recomputes or compares them.
/// </summary>
internal sealed record VerdictFile(
    string DuelId, string KingHotkey, string ChallengerHotkey, long Block, string BlockHash, string Seed, GatesRecord Gates, int Judges,
    string Outcome, string Reason, double Challenger, double King, IReadOnlyList<IReadOnlyList<double>> MetricMeans, int Finished, int Valid,
    double BootstrapLower, string Decision, string? KingAfter, IReadOnlyDictionary<string, double>? PhaseSeconds = null);

/// <summary>The one JSON shape of every trace file: snake_case keys, NaN/Infinity as named literals, doubles round-tripped.</summary>
internal static class TraceJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 16,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static byte[] Lines<T>(IEnumerable<T> lines)
    {
        using var stream = new MemoryStream();
        foreach (var line in lines)
        {
            JsonSerializer.Serialize(stream, line, Options);
            stream.WriteByte((byte)'\n');
        }

        return stream.ToArray();
    }

    private static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    public static byte[] Document<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Indented);
}
