namespace Tournament.Inference.ChatTemplates;

/// <summary>The <c>sort</c> filter and <c>dictsort</c>: numbers (and booleans) compare with each other, strings with
/// strings (case-insensitive unless asked), anything else is an error, as in the reference.</summary>
internal static class Sorting
{
    public static int Compare(JinjaValue a, JinjaValue b, bool caseSensitive)
    {
        if (a is NullValue && b is NullValue)
        {
            return 0;
        }

        if (a is UndefinedValue && b is UndefinedValue)
        {
            return 0;
        }

        if (a is NullValue or UndefinedValue || b is NullValue or UndefinedValue)
        {
            throw new TemplateRuntimeException($"cannot compare {a.TypeName} with {b.TypeName}.");
        }

        if (Numeric(a) is { } x && Numeric(b) is { } y)
        {
            return x < y ? -1 : x > y ? 1 : 0;
        }

        if (a is StringValue sa && b is StringValue sb)
        {
            string l = caseSensitive ? sa.Value : JsCase.ToLower(sa.Value);
            string r = caseSensitive ? sb.Value : JsCase.ToLower(sb.Value);
            return Math.Sign(string.CompareOrdinal(l, r));
        }

        throw new TemplateRuntimeException($"cannot compare {a.TypeName} with {b.TypeName}.");
    }

    private static double? Numeric(JinjaValue v) => v switch
    {
        NumberValue n => n.Value,
        BooleanValue b => b.Value ? 1 : 0,
        _ => null,
    };

    /// <summary>A stable sort (JavaScript's Array.prototype.sort is stable).</summary>
    public static List<JinjaValue> Sort(List<JinjaValue> items, Func<JinjaValue, JinjaValue> key, bool caseSensitive, bool reverse)
    {
        int sign = reverse ? -1 : 1;
        return [.. items.Select((item, i) => (item, i))
            .Order(Comparer<(JinjaValue Item, int Index)>.Create((p, q) =>
            {
                int c = sign * Compare(key(p.Item), key(q.Item), caseSensitive);
                return c != 0 ? c : p.Index.CompareTo(q.Index);
            }))
            .Select(p => p.Item1)];
    }

    public static ArrayValue DictSort(MapValue map, List<JinjaValue> args)
    {
        MapValue? kwargs = args.Count > 0 && args[^1] is MapValue { Kind: MapKind.KeywordArguments } k ? k : null;
        List<JinjaValue> positional = kwargs is null ? args : args[..^1];
        JinjaValue Arg(int i, string name, JinjaValue fallback)
            => i < positional.Count ? positional[i] : kwargs?.Entries.GetValueOrDefault(name) ?? fallback;

        if (Arg(0, "case_sensitive", BooleanValue.False) is not BooleanValue caseSensitive)
        {
            throw new TemplateRuntimeException("dictsort case_sensitive must be a boolean.");
        }

        if (Arg(1, "by", new StringValue("key")) is not StringValue { Value: "key" or "value" } by)
        {
            throw new TemplateRuntimeException("dictsort by must be 'key' or 'value'.");
        }

        if (Arg(2, "reverse", BooleanValue.False) is not BooleanValue reverse)
        {
            throw new TemplateRuntimeException("dictsort reverse must be a boolean.");
        }

        int index = by.Value == "key" ? 0 : 1;
        List<JinjaValue> pairs = Methods.Items(map).Items;
        return new ArrayValue(Sort(pairs, p => ((ArrayValue)p).Items[index], caseSensitive.Value, reverse.Value));
    }
}
