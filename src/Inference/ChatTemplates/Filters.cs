namespace Tournament.Inference.ChatTemplates;

/// <summary>Filters written without arguments (<c>x | trim</c>). Which filter applies to which type follows the
/// reference: an unknown filter, or a filter on a type it does not take (e.g. <c>undefined | trim</c>), is an error.
/// Filters with arguments are in <c>FiltersWithArguments.cs</c>.</summary>
internal static partial class Filters
{
    public static JinjaValue Apply(JinjaValue operand, Node filter, Evaluator evaluator, Scope scope)
    {
        if (filter is CallNode call)
        {
            return ApplyWithArguments(operand, ((IdentifierNode)call.Callee).Name, call.Arguments, evaluator, scope);
        }

        string name = ((IdentifierNode)filter).Name;
        switch (name)
        {
            case "safe":
                return operand;
            case "tojson":
                return Json(operand, new JsonFormat(), evaluator.Budget);
        }

        return operand switch
        {
            ArrayValue a => OnList(a, name, evaluator.Budget),
            StringValue s => OnString(s, name),
            NumberValue n => name switch
            {
                "abs" => new NumberValue(Math.Abs(n.Value), n.IsInteger),
                "int" => NumberValue.Integer(Math.Floor(n.Value)),
                "float" => NumberValue.Float(n.Value),
                "string" => new StringValue(ValueText.Display(n)),
                _ => throw Unknown(name, operand),
            },
            MapValue { IsObject: true } m => name switch
            {
                "items" => Methods.Items(m),
                "length" => NumberValue.Integer(m.Entries.Count),
                _ => Methods.DictMethod(m, name) is FunctionValue f ? f.Invoke([], scope) : throw Unknown(name, operand),
            },
            BooleanValue b => name switch
            {
                "bool" => b,
                "int" => NumberValue.Integer(b.Value ? 1 : 0),
                "float" => NumberValue.Float(b.Value ? 1 : 0),
                "string" => new StringValue(b.Value ? "true" : "false"),
                _ => throw Unknown(name, operand),
            },
            _ => throw new TemplateRuntimeException($"the filter '{name}' cannot be applied to {operand.TypeName}."),
        };
    }

    private static TemplateRuntimeException Unknown(string name, JinjaValue operand)
        => new($"unknown filter '{name}' for {operand.TypeName}.");

    private static StringValue Json(JinjaValue operand, JsonFormat format, TemplateBudget budget)
        => new(ValueText.Json(operand, format, convertUndefinedToNull: true, budget));

    private static JinjaValue OnList(ArrayValue a, string name, TemplateBudget budget) => name switch
    {
        "list" => a,
        "first" => a.Items.Count > 0 ? a.Items[0] : UndefinedValue.Instance,
        "last" => a.Items.Count > 0 ? a.Items[^1] : UndefinedValue.Instance,
        "length" => NumberValue.Integer(a.Items.Count),
        "reverse" => new ArrayValue([.. Enumerable.Reverse(a.Items)]),
        "sort" => new ArrayValue(Sorting.Sort(a.Items, x => x, caseSensitive: false, reverse: false)),
        "join" => Joined(a.Items, string.Empty, budget),
        "string" => new StringValue(ValueText.Json(a, new JsonFormat(), convertUndefinedToNull: false, budget)),
        "unique" => new ArrayValue(Unique(a.Items)),
        _ => throw Unknown(name, a),
    };

    private static List<JinjaValue> Unique(List<JinjaValue> items)
    {
        List<JinjaValue> output = [];
        foreach (JinjaValue item in items)
        {
            if (!output.Exists(o => ValueText.StrictEquals(o, item)))
            {
                output.Add(item);
            }
        }

        return output;
    }

    private static JinjaValue OnString(StringValue s, string name) => name switch
    {
        "length" or "upper" or "lower" or "title" or "capitalize" => Methods.StringMethod(s, name) switch
        {
            FunctionValue f => f.Invoke([], null!),
            { } v => v,
            null => throw Unknown(name, s),
        },
        "trim" => new StringValue(JsText.Trim(s.Value)),
        "indent" => Indent(s.Value, 4, first: false, blank: false),
        "join" or "string" => s,
        "int" => JsText.ParseInt(s.Value) is { } i ? NumberValue.Integer(i) : NumberValue.Integer(0),
        "float" => JsText.ParseFloat(s.Value) is { } f2 ? NumberValue.Float(f2) : NumberValue.Float(0),
        _ => throw Unknown(name, s),
    };

    private static StringValue Indent(string text, int width, bool first, bool blank)
    {
        string pad = new(' ', width);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!((!first && i == 0) || (!blank && lines[i].Length == 0)))
            {
                lines[i] = pad + lines[i];
            }
        }

        return new StringValue(string.Join('\n', lines));
    }

    /// <summary>JavaScript's <c>Array.prototype.join</c> over the items' payloads (none and undefined join as empty).</summary>
    private static StringValue Joined(IEnumerable<JinjaValue> items, string separator, TemplateBudget budget)
    {
        string joined = string.Join(separator, items.Select(x => x is NullValue or UndefinedValue ? string.Empty : ValueText.Raw(x)));
        budget.CheckText(joined.Length);
        return new StringValue(joined);
    }
}
