namespace Tournament.Inference.ChatTemplates;

/// <summary>List filters with arguments: sort, selectattr, rejectattr, map(attribute=...).</summary>
internal static partial class Filters
{
    private static ArrayValue ListWithArguments(ArrayValue a, string name, List<Node> argNodes, Evaluator evaluator, Scope scope)
    {
        switch (name)
        {
            case "sort":
                {
                    (List<JinjaValue> args, MapValue kwargs) = evaluator.EvaluateArguments(argNodes, scope);
                    JinjaValue Arg(int i, string key, JinjaValue fallback) => i < args.Count ? args[i] : kwargs.Entries.GetValueOrDefault(key) ?? fallback;
                    if (Arg(0, "reverse", BooleanValue.False) is not BooleanValue reverse || Arg(1, "case_sensitive", BooleanValue.False) is not BooleanValue caseSensitive)
                    {
                        throw new TemplateRuntimeException("sort reverse and case_sensitive must be booleans.");
                    }

                    JinjaValue attribute = Arg(2, "attribute", NullValue.Instance);
                    string? path = attribute switch
                    {
                        NullValue => null,
                        StringValue s => s.Value,
                        NumberValue { IsInteger: true } n => JsText.Number(n.Value),
                        _ => throw new TemplateRuntimeException("sort attribute must be a string, an integer or none."),
                    };
                    return new ArrayValue(Sorting.Sort(a.Items, x => path is null ? x : AttributePath(x, path), caseSensitive.Value, reverse.Value));
                }

            case "selectattr" or "rejectattr":
                {
                    bool select = name == "selectattr";
                    if (a.Items.Exists(x => x is not MapValue))
                    {
                        throw new TemplateRuntimeException($"'{name}' can only be applied to a list of mappings.");
                    }

                    if (argNodes.Exists(x => x is not StringLiteralNode))
                    {
                        throw new TemplateRuntimeException($"the arguments of '{name}' must be string literals.");
                    }

                    List<string> args = [.. argNodes.Select(x => ((StringLiteralNode)x).Value.Value)];
                    if (args.Count == 0)
                    {
                        throw new TemplateRuntimeException($"'{name}' needs an attribute name.");
                    }

                    if (args.Count > 1 && !Tests.Exists(args[1]))
                    {
                        throw new TemplateRuntimeException($"unknown test '{args[1]}'.");
                    }

                    JinjaValue? value = args.Count > 2 ? new StringValue(args[2]) : null;
                    List<JinjaValue> kept = [.. a.Items.Where(item =>
                    {
                        bool result = ((MapValue)item).Entries.TryGetValue(args[0], out JinjaValue? v)
                            && (args.Count > 1 ? Tests.Run(args[1], v, value) : v.IsTruthy);
                        return result == select;
                    })];
                    return new ArrayValue(kept);
                }

            case "map":
                {
                    MapValue kwargs = evaluator.EvaluateArguments(argNodes, scope).Keywords;
                    if (!kwargs.Entries.TryGetValue("attribute", out JinjaValue? attr))
                    {
                        throw new TemplateRuntimeException("map is supported with attribute=... only.");
                    }

                    if (attr is not StringValue path)
                    {
                        throw new TemplateRuntimeException("map attribute must be a string.");
                    }

                    JinjaValue fallback = kwargs.Entries.GetValueOrDefault("default") ?? UndefinedValue.Instance;
                    return new ArrayValue([.. a.Items.Select(item => item is MapValue
                        ? AttributePath(item, path.Value) is UndefinedValue ? fallback : AttributePath(item, path.Value)
                        : throw new TemplateRuntimeException("map items must be mappings."))]);
                }

            default:
                throw Unknown(name, a);
        }
    }

    /// <summary>Follows a dotted path such as <c>function.name</c> or <c>items.0</c>; undefined when it breaks off.</summary>
    private static JinjaValue AttributePath(JinjaValue item, string path)
    {
        JinjaValue value = item;
        foreach (string part in path.Split('.'))
        {
            if (value is MapValue m)
            {
                value = m.Entries.GetValueOrDefault(part) ?? UndefinedValue.Instance;
            }
            else if (value is ArrayValue list && JsText.ParseInt(part) is { } index && index >= 0 && index < list.Items.Count)
            {
                value = list.Items[(int)index];
            }
            else
            {
                return UndefinedValue.Instance;
            }
        }

        return value;
    }
}
