using System.Text.Json;

namespace Tournament.Plugins.AlbedoDuel.Judging;

/// <summary>The JSON objects of a judge's free-text answer (inline or in fences), found by one linear scan.</summary>
internal static class AnswerObjects
{
    /// <summary>Outermost balanced objects, string-aware inside an object, in order of their end.</summary>
    public static IEnumerable<(int Open, int Close)> Outermost(string text)
    {
        var depth = 0;
        var start = -1;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (depth > 0 && inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"' && depth > 0)
            {
                inString = true;
            }
            else if (c == '{')
            {
                start = depth++ == 0 ? i : start;
            }
            else if (c == '}' && depth > 0 && --depth == 0)
            {
                yield return (start, i);
            }
        }
    }

    /// <summary>One candidate object parsed leniently (depth ≤ 8, trailing commas allowed); null when it is not JSON.</summary>
    public static JsonDocument? TryParse(ReadOnlySpan<char> json)
    {
        try
        {
            return JsonDocument.Parse(json.ToString(), new JsonDocumentOptions { MaxDepth = 8, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
