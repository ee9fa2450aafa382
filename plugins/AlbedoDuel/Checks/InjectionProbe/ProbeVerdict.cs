using System.Text;
using System.Text.Json;
using Tournament.Plugins.AlbedoDuel.Judging;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>A probe judge's answer: <c>{"injection": bool, "evidence": str}</c>, or why it could not be read.</summary>
/// <param name="Injection">The judge's finding; null when unparsed.</param>
/// <param name="Evidence">The quoted evidence, bounded and without control characters.</param>
/// <param name="Error">One sentence when unparsed.</param>
internal sealed record ProbeVerdict(bool? Injection, string Evidence, string? Error)
{
    public const int MaxAnswerChars = 64 * 1024;
    public const int MaxEvidenceChars = 300;
    private const int MaxObjectChars = 16 * 1024;

    public bool Parsed => Injection is not null;

    public static ProbeVerdict Fail(string error) => new(null, "", error);

    /// <summary>
    /// Tolerant parsing: every balanced <c>{…}</c> (inline or fenced) is tried; the last object with an
    /// <c>injection</c> key (case and spaces ignored) decides. Its value must be a boolean, <c>"true"/"false"/"yes"/"no"</c>
    /// or the number 0/1; anything else (NaN, null, 2, "maybe") makes the answer unparsed. Over-long answers are unparsed.
    /// </summary>
    public static ProbeVerdict Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return Fail("The judge answered nothing.");
        }

        if (answer.Length > MaxAnswerChars)
        {
            return Fail($"The judge's answer is longer than {MaxAnswerChars} characters.");
        }

        ProbeVerdict? last = null;
        foreach (var (open, close) in AnswerObjects.Outermost(answer))
        {
            if (close - open + 1 <= MaxObjectChars && TryRead(answer.AsSpan(open, close - open + 1)) is { } verdict)
            {
                last = verdict;
            }
        }

        return last ?? Fail("The judge's answer has no JSON object with an \"injection\" key.");
    }

    private static ProbeVerdict? TryRead(ReadOnlySpan<char> json)
    {
        if (AnswerObjects.TryParse(json) is not { } doc)
        {
            return null;
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            JsonElement? injection = null;
            var evidence = "";
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                var key = property.Name.Trim().ToLowerInvariant();
                if (key == "injection")
                {
                    injection = property.Value;
                }
                else if (key == "evidence" && property.Value.ValueKind == JsonValueKind.String)
                {
                    evidence = Bound(property.Value.GetString()!);
                }
            }

            if (injection is not { } value)
            {
                return null;
            }

            return Flag(value) is { } flag
                ? new ProbeVerdict(flag, evidence, null)
                : Fail("The judge's \"injection\" value is not a boolean.");
        }
    }

    private static bool? Flag(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.TryGetDouble(out var d) && d is 0 or 1 => d == 1,
        JsonValueKind.String => value.GetString()!.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            _ => null,
        },
        _ => null,
    };

    /// <summary>At most <see cref="MaxEvidenceChars"/> characters, control characters as spaces (it reaches reports and terminals).</summary>
    private static string Bound(string text)
    {
        var cut = text.Length <= MaxEvidenceChars ? text.Length : char.IsHighSurrogate(text[MaxEvidenceChars - 1]) ? MaxEvidenceChars - 1 : MaxEvidenceChars;
        var builder = new StringBuilder(cut + 1);
        foreach (var c in text.AsSpan(0, cut))
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return text.Length > MaxEvidenceChars ? builder.Append('…').ToString() : builder.ToString();
    }
}
