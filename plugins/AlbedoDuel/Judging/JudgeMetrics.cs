namespace Tournament.Plugins.AlbedoDuel.Judging;

/// <summary>The five pairwise metrics, their accepted aliases, and the accepted spellings of each value.</summary>
internal static class JudgeMetrics
{
    public static readonly IReadOnlyList<string> Names = ["correctness", "grounding", "progress", "protocol", "efficiency"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["correctness"] = "correctness",
        ["correct"] = "correctness",
        ["grounding"] = "grounding",
        ["groundedness"] = "grounding",
        ["faithfulness"] = "grounding",
        ["progress"] = "progress",
        ["task_progress"] = "progress",
        ["protocol"] = "protocol",
        ["format"] = "protocol",
        ["instruction_following"] = "protocol",
        ["efficiency"] = "efficiency",
        ["conciseness"] = "efficiency",
    };

    private static readonly Dictionary<string, int> Values = new(StringComparer.Ordinal)
    {
        ["0"] = 0, ["draw"] = 0, ["tie"] = 0, ["equal"] = 0, ["same"] = 0,
        ["1"] = 1, ["model 1"] = 1, ["model1"] = 1, ["model_1"] = 1, ["a"] = 1, ["king"] = 1,
        ["2"] = 2, ["model 2"] = 2, ["model2"] = 2, ["model_2"] = 2, ["b"] = 2, ["challenger"] = 2,
    };

    /// <summary>Positional values (0 equal, 1 MODEL 1, 2 MODEL 2) keyed by metric name, as traced; null stays null.</summary>
    public static Dictionary<string, int>? ByName(IReadOnlyList<int>? values) =>
        values is null ? null : Names.Select((name, i) => (name, values[i])).ToDictionary(x => x.name, x => x.Item2, StringComparer.Ordinal);

    /// <summary>The metric a key names (case, spaces and hyphens ignored), or null.</summary>
    public static string? Metric(string key)
    {
        var normal = key.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
        return Aliases.GetValueOrDefault(normal);
    }

    /// <summary>The positional value (0 equal, 1 MODEL 1, 2 MODEL 2) a string names, or null.</summary>
    public static int? Value(string text) =>
        Values.TryGetValue(text.Trim().ToLowerInvariant(), out var v) ? v : null;
}
