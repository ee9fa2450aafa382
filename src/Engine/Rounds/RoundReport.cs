using System.Text.Json;
using System.Text.Json.Serialization;
using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>A model's row in the round report.</summary>
internal sealed record ReportModel(
    string Hotkey,
    long CommitBlock,
    int? Uid,
    string? Model,
    string Status,
    double? Score,
    string? Reason,
    string? Source,
    bool IsKing,
    IReadOnlyList<PromptScore> PerPrompt,
    IReadOnlyDictionary<string, double>? Metrics);

/// <summary>A standing in the standings snapshot.</summary>
internal sealed record ReportStanding(
    string Hotkey,
    long CommitBlock,
    int Uid,
    string Model,
    double? Score,
    int RoundsScored,
    long? LastScoredBlock,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>The round report published as <c>report.json</c> after the round commits.</summary>
internal sealed record RoundReport(
    string Mode,
    long Block,
    string BlockHash,
    string Seed,
    string PromptSeed,
    DateTimeOffset CompletedAt,
    string? KingBefore,
    string? King,
    bool KingGone,
    string Explanation,
    string PromptSource,
    string PromptAlgorithm,
    IReadOnlyList<string> PromptIds,
    string ScoreDirection,
    IReadOnlyDictionary<string, double> ScorerMetrics,
    IReadOnlyList<ReportModel> Models,
    IReadOnlyList<DisqualificationRecord> Disqualifications,
    IReadOnlyDictionary<string, double> Weights,
    IReadOnlyList<ReportStanding> Standings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<DuelReport>? Duels = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static RoundReport Create(RoundSummary summary, SubmissionKey? kingBefore, RoundScoring scoring, RoundBook book, WeightVector weights) =>
        new(
            summary.Mode,
            summary.Block,
            summary.BlockHash,
            summary.Seed,
            scoring.PromptSeed.ToString(),
            summary.CompletedAt,
            kingBefore?.ToString(),
            summary.King?.ToString(),
            scoring.KingGone,
            summary.Explanation,
            scoring.Prompts.Source,
            scoring.Prompts.AlgorithmVersion,
            [.. scoring.Prompts.Prompts.Select(p => p.Id)],
            scoring.Sheet.Direction == Abstractions.ScoreDirection.LowerIsBetter ? "lower-is-better" : "higher-is-better",
            new SortedDictionary<string, double>(scoring.Sheet.Metrics.ToDictionary(), StringComparer.Ordinal),
            [.. book.Outcomes.Select(o => new ReportModel(o.Hotkey, o.CommitBlock, o.Uid, o.Model, o.Status, o.Score, o.Reason, o.Source, o.IsKing, book.PerPromptOf(o.Key), o.Metrics))],
            book.Disqualifications,
            new SortedDictionary<string, double>(weights.ByHotkey.ToDictionary(), StringComparer.Ordinal),
            StandingsOf(scoring.Standings),
            scoring.Duels);

    public static IReadOnlyList<ReportStanding> StandingsOf(Standings standings) =>
        [.. standings.Entries
            .OrderBy(e => e.Score ?? double.MaxValue)
            .ThenBy(e => e.Submission.CommitBlock)
            .Select(e => new ReportStanding(
                e.Submission.Hotkey, e.Submission.CommitBlock, e.Submission.Uid, e.Submission.Model.ToString(), e.Score, e.RoundsScored, e.LastScoredBlock,
                new SortedDictionary<string, double>(e.Metrics.ToDictionary(), StringComparer.Ordinal)))];

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);
}
