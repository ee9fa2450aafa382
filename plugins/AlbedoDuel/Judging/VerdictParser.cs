using System.Text.Json;

namespace Tournament.Plugins.AlbedoDuel.Judging;

/// <summary>A judge answer read as five positional values (0 equal, 1 MODEL 1, 2 MODEL 2), or why it could not be.</summary>
/// <param name="Values">The values in <see cref="JudgeMetrics.Names"/> order; null when unparsed.</param>
/// <param name="Error">One sentence when unparsed.</param>
internal sealed record ParsedVerdict(IReadOnlyList<int>? Values, string? Error)
{
    public bool Parsed => Values is not null;

    public static ParsedVerdict Fail(string error) => new(null, error);
}

/// <summary>
/// Tolerant verdict parsing: every balanced <c>{…}</c> of the answer (in fences or inline) is tried as JSON; the last
/// object with a metric key decides. A missing metric, an unknown value, a non-integer, NaN or Infinity makes the
/// answer unparsed; never a win.
/// </summary>
internal static class VerdictParser
{
    public const int MaxAnswerChars = 64 * 1024;
    private const int MaxObjectChars = 8 * 1024;

    public static ParsedVerdict Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return ParsedVerdict.Fail("The judge answered nothing.");
        }

        if (answer.Length > MaxAnswerChars)
        {
            return ParsedVerdict.Fail($"The judge's answer is longer than {MaxAnswerChars} characters.");
        }

        ParsedVerdict? last = null;
        foreach (var (open, close) in AnswerObjects.Outermost(answer))
        {
            if (close - open + 1 > MaxObjectChars)
            {
                continue;
            }

            if (TryRead(answer.AsSpan(open, close - open + 1)) is { } verdict)
            {
                last = verdict;
            }
        }

        return last ?? ParsedVerdict.Fail("The judge's answer has no JSON object with a metric key.");
    }

    /// <summary>The verdict of one object; null when the object has no metric key (it does not decide).</summary>
    private static ParsedVerdict? TryRead(ReadOnlySpan<char> json)
    {
        if (AnswerObjects.TryParse(json) is not { } doc)
        {
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            var values = new int?[JudgeMetrics.Names.Count];
            var anyMetric = false;
            foreach (var property in Flatten(root))
            {
                if (JudgeMetrics.Metric(property.Name) is not { } metric)
                {
                    continue;
                }

                anyMetric = true;
                var index = IndexOf(metric);
                values[index] = Value(property.Value);
                if (values[index] is null)
                {
                    return ParsedVerdict.Fail($"The judge's value for {metric} is not 0, 1, 2 or an accepted alias.");
                }
            }

            if (!anyMetric)
            {
                return null;
            }

            var missing = JudgeMetrics.Names.Where((_, i) => values[i] is null).ToList();
            return missing.Count > 0
                ? ParsedVerdict.Fail($"The judge's answer lacks {string.Join(", ", missing)}.")
                : new ParsedVerdict(values.Select(v => v!.Value).ToList(), null);
        }
    }

    /// <summary>The object's own properties, or those of a nested <c>metrics</c>/<c>scores</c> object.</summary>
    private static IEnumerable<JsonProperty> Flatten(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object && property.Name.Trim().ToLowerInvariant() is "metrics" or "scores")
            {
                foreach (var inner in property.Value.EnumerateObject())
                {
                    yield return inner;
                }
            }
            else
            {
                yield return property;
            }
        }
    }

    private static int IndexOf(string metric)
    {
        for (var i = 0; i < JudgeMetrics.Names.Count; i++)
        {
            if (JudgeMetrics.Names[i] == metric)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(metric));
    }

    private static int? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) && d is 0 or 1 or 2 => (int)d,
        JsonValueKind.String => JudgeMetrics.Value(value.GetString()!),
        _ => null,
    };
}
