using System.Text;

namespace Tournament.Inference.ChatTemplates;

/// <summary>How the reference turns values into text: what <c>{{ x }}</c> prints (<see cref="Display"/>), what
/// <c>+</c>/<c>~</c> concatenate (JavaScript's <c>value.toString()</c>, <see cref="Raw"/>), and <c>tojson</c>.</summary>
internal static class ValueText
{
    public static string Display(JinjaValue value) => value switch
    {
        StringValue s => s.Value,
        NumberValue { IsInteger: true } n => JsText.Number(n.Value),
        NumberValue n when n.Value == 0 && double.IsNegative(n.Value) => "-0.0",
        NumberValue n => !double.IsInfinity(n.Value) && !double.IsNaN(n.Value) && n.Value % 1 == 0 ? JsText.WholeFloat(n.Value) : JsText.Number(n.Value),
        BooleanValue b => b.Value ? "true" : "false",
        NullValue => "null",
        UndefinedValue => "undefined",
        ArrayValue or MapValue => Json(value, new JsonFormat(), convertUndefinedToNull: false),
        FunctionValue f => $"function {f.Name}() {{ [native code] }}",
        _ => throw new InvalidOperationException(value.TypeName),
    };

    public static string Raw(JinjaValue value) => value switch
    {
        NumberValue n => JsText.Number(n.Value),
        ArrayValue a => string.Join(',', a.Items.Select(Display)),
        MapValue => "[object Map]",
        _ => Display(value),
    };

    public static string Json(JinjaValue value, JsonFormat format, bool convertUndefinedToNull = true, TemplateBudget? budget = null)
    {
        StringBuilder sb = new();
        AppendJson(sb, value, format, 0, convertUndefinedToNull, budget);
        return sb.ToString();
    }

    private static void AppendJson(StringBuilder sb, JinjaValue value, JsonFormat format, int depth, bool undefinedToNull, TemplateBudget? budget)
    {
        budget?.CheckText(sb.Length);
        switch (value)
        {
            case NullValue:
                sb.Append("null");
                return;
            case UndefinedValue:
                sb.Append(undefinedToNull ? "null" : "undefined");
                return;
            case NumberValue n:
                sb.Append(double.IsFinite(n.Value) ? JsText.Number(n.Value) : "null");
                return;
            case BooleanValue b:
                sb.Append(b.Value ? "true" : "false");
                return;
            case StringValue s:
                JsText.AppendJsonString(sb, s.Value, format.EnsureAscii);
                return;
            case ArrayValue { IsTuple: false } or MapValue:
                break;
            default:
                throw new TemplateRuntimeException($"Cannot convert to JSON: {value.TypeName}.");
        }

        int indent = format.Indent ?? 0;
        string itemSeparator = format.ItemSeparator ?? (indent > 0 ? "," : ", ");
        string keySeparator = format.KeySeparator ?? ": ";
        string basePadding = "\n" + new string(' ', indent * depth);
        string childPadding = basePadding + new string(' ', indent);
        if (value is ArrayValue array)
        {
            sb.Append('[');
            for (int i = 0; i < array.Items.Count; i++)
            {
                sb.Append(i > 0 ? itemSeparator : string.Empty);
                if (indent > 0)
                {
                    sb.Append(childPadding);
                }

                AppendJson(sb, array.Items[i], format, depth + 1, undefinedToNull, budget);
            }

            sb.Append(indent > 0 && array.Items.Count > 0 ? basePadding + "]" : "]");
            return;
        }

        MapValue map = (MapValue)value;
        IEnumerable<KeyValuePair<string, JinjaValue>> entries = format.SortKeys
            ? map.Entries.OrderBy(e => e.Key, StringComparer.InvariantCulture)
            : map.Entries;
        sb.Append('{');
        bool first = true;
        foreach ((string key, JinjaValue item) in entries)
        {
            sb.Append(first ? string.Empty : itemSeparator);
            first = false;
            if (indent > 0)
            {
                sb.Append(childPadding);
            }

            JsText.AppendJsonString(sb, key, format.EnsureAscii);
            sb.Append(keySeparator);
            AppendJson(sb, item, format, depth + 1, undefinedToNull, budget);
        }

        sb.Append(indent > 0 && map.Entries.Count > 0 ? basePadding + "}" : "}");
    }

    /// <summary>JavaScript <c>==</c> on the values' payloads, which the reference uses for <c>==</c> and <c>!=</c>.</summary>
    public static bool LooseEquals(JinjaValue a, JinjaValue b)
    {
        while (true)
        {
            if (a is NullValue or UndefinedValue || b is NullValue or UndefinedValue)
            {
                return a is NullValue or UndefinedValue && b is NullValue or UndefinedValue;
            }

            if (SameJsType(a, b))
            {
                return StrictEquals(a, b);
            }

            if (a is BooleanValue ab)
            {
                a = NumberValue.Integer(ab.Value ? 1 : 0);
            }
            else if (b is BooleanValue bb)
            {
                b = NumberValue.Integer(bb.Value ? 1 : 0);
            }
            else if (a is NumberValue an && b is StringValue bs)
            {
                return an.Value == JsText.ToNumber(bs.Value);
            }
            else if (a is StringValue @as && b is NumberValue bn)
            {
                return JsText.ToNumber(@as.Value) == bn.Value;
            }
            else if (IsJsObject(a) && !IsJsObject(b))
            {
                a = new StringValue(Raw(a));
            }
            else if (IsJsObject(b) && !IsJsObject(a))
            {
                b = new StringValue(Raw(b));
            }
            else
            {
                return false;
            }
        }
    }

    /// <summary>JavaScript <c>===</c> on the payloads (used by <c>in</c> over a list and by <c>unique</c>).</summary>
    public static bool StrictEquals(JinjaValue a, JinjaValue b) => (a, b) switch
    {
        (NumberValue x, NumberValue y) => x.Value == y.Value,
        (StringValue x, StringValue y) => string.Equals(x.Value, y.Value, StringComparison.Ordinal),
        (BooleanValue x, BooleanValue y) => x.Value == y.Value,
        (NullValue, NullValue) or (UndefinedValue, UndefinedValue) => true,
        (ArrayValue x, ArrayValue y) => ReferenceEquals(x.Items, y.Items),
        (MapValue x, MapValue y) => ReferenceEquals(x.Entries, y.Entries),
        _ => ReferenceEquals(a, b),
    };

    private static bool IsJsObject(JinjaValue v) => v is ArrayValue or MapValue or FunctionValue;

    private static bool SameJsType(JinjaValue a, JinjaValue b)
        => (a is NumberValue && b is NumberValue) || (a is StringValue && b is StringValue) || (a is BooleanValue && b is BooleanValue)
           || (IsJsObject(a) && IsJsObject(b));
}

/// <summary>Options of the <c>tojson</c> filter.</summary>
internal sealed record JsonFormat(int? Indent = null, bool EnsureAscii = false, bool SortKeys = false, string? ItemSeparator = null, string? KeySeparator = null);
