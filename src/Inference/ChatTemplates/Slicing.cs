namespace Tournament.Inference.ChatTemplates;

/// <summary><c>x[start:stop:step]</c> on lists and strings (strings by code point), Python's rules as the reference
/// implements them, negative steps included.</summary>
internal static class Slicing
{
    public static JinjaValue Apply(JinjaValue target, JinjaValue start, JinjaValue stop, JinjaValue step, TemplateBudget budget)
    {
        int? a = Part(start, "start"), b = Part(stop, "stop"), c = Part(step, "step");
        switch (target)
        {
            case ArrayValue list:
                return new ArrayValue(Slice(list.Items, a, b, c ?? 1));
            case StringValue s:
                {
                    List<string> points = Slice(JsText.CodePoints(s.Value), a, b, c ?? 1);
                    budget.CheckText(points.Count);
                    return new StringValue(string.Concat(points));
                }

            default:
                throw new TemplateRuntimeException($"only lists and strings can be sliced, not a {target.TypeName}.");
        }
    }

    private static int? Part(JinjaValue v, string name) => v switch
    {
        UndefinedValue => null,
        NumberValue { IsInteger: true } n => (int)Math.Clamp(n.Value, int.MinValue / 2, int.MaxValue / 2),
        _ => throw new TemplateRuntimeException($"the slice {name} must be an integer."),
    };

    public static List<T> Slice<T>(List<T> items, int? start, int? stop, int step)
    {
        int n = items.Count;
        int direction = Math.Sign(step);
        int from, to;
        if (direction >= 0)
        {
            from = start is { } s1 ? (s1 < 0 ? Math.Max(n + s1, 0) : Math.Min(s1, n)) : 0;
            to = stop is { } e1 ? (e1 < 0 ? Math.Max(n + e1, 0) : Math.Min(e1, n)) : n;
        }
        else
        {
            from = start is { } s2 ? (s2 < 0 ? Math.Max(n + s2, -1) : Math.Min(s2, n - 1)) : n - 1;
            to = stop is { } e2 ? (e2 < -1 ? Math.Max(n + e2, -1) : Math.Min(e2, n - 1)) : -1;
        }

        List<T> result = [];
        for (long i = from; direction * i < direction * (long)to; i += step)
        {
            result.Add(items[(int)i]);
        }

        return result;
    }
}
