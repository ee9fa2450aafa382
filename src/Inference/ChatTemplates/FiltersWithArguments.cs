namespace Tournament.Inference.ChatTemplates;

/// <summary>Filters called with arguments: <c>tojson(indent=, ensure_ascii=, sort_keys=, separators=)</c>,
/// <c>join(sep)</c>, <c>int(default)</c>, <c>float(default)</c>, <c>default(value, boolean)</c>, and on lists
/// <c>sort</c>, <c>selectattr</c>, <c>rejectattr</c>, <c>map(attribute=)</c>, on strings <c>indent</c>,
/// <c>replace</c>, on dicts their methods.</summary>
internal static partial class Filters
{
    private static JinjaValue ApplyWithArguments(JinjaValue operand, string name, List<Node> argNodes, Evaluator evaluator, Scope scope)
    {
        switch (name)
        {
            case "tojson":
                return Json(operand, JsonOptions(evaluator.EvaluateArguments(argNodes, scope).Keywords), evaluator.Budget);
            case "join":
                {
                    List<JinjaValue> items = operand switch
                    {
                        StringValue s => [.. JsText.CodePoints(s.Value).Select(c => (JinjaValue)new StringValue(c))],
                        ArrayValue a => a.Items,
                        _ => throw new TemplateRuntimeException($"the filter 'join' cannot be applied to {operand.TypeName}."),
                    };
                    (List<JinjaValue> args, MapValue kwargs) = evaluator.EvaluateArguments(argNodes, scope);
                    JinjaValue separator = args.Count > 0 ? args[0] : kwargs.Entries.GetValueOrDefault("separator") ?? StringValue.Empty;
                    return separator is StringValue sep ? Joined(items, sep.Value, evaluator.Budget)
                        : throw new TemplateRuntimeException("the join separator must be a string.");
                }

            case "int" or "float":
                {
                    (List<JinjaValue> args, MapValue kwargs) = evaluator.EvaluateArguments(argNodes, scope);
                    bool isInt = name == "int";
                    JinjaValue fallback = args.Count > 0 ? args[0] : kwargs.Entries.GetValueOrDefault("default") ?? new NumberValue(0, isInt);
                    return operand switch
                    {
                        StringValue s => (isInt ? JsText.ParseInt(s.Value) : JsText.ParseFloat(s.Value)) is { } v ? new NumberValue(v, isInt) : fallback,
                        NumberValue => operand,
                        BooleanValue b => new NumberValue(b.Value ? 1 : 0, isInt),
                        _ => throw new TemplateRuntimeException($"the filter '{name}' cannot be applied to {operand.TypeName}."),
                    };
                }

            case "default":
                {
                    (List<JinjaValue> args, MapValue kwargs) = evaluator.EvaluateArguments(argNodes, scope);
                    JinjaValue fallback = args.Count > 0 ? args[0] : StringValue.Empty;
                    JinjaValue flag = args.Count > 1 ? args[1] : kwargs.Entries.GetValueOrDefault("boolean") ?? BooleanValue.False;
                    if (flag is not BooleanValue boolean)
                    {
                        throw new TemplateRuntimeException("the default filter's boolean flag must be a boolean.");
                    }

                    return operand is UndefinedValue || (boolean.Value && !operand.IsTruthy) ? fallback : operand;
                }
        }

        return operand switch
        {
            ArrayValue a => ListWithArguments(a, name, argNodes, evaluator, scope),
            StringValue s when name == "indent" => IndentWithArguments(s, evaluator.EvaluateArguments(argNodes, scope)),
            StringValue s when name == "replace" => ReplaceWithArguments(s, evaluator.EvaluateArguments(argNodes, scope), scope),
            MapValue { IsObject: true } m when Methods.DictMethod(m, name) is FunctionValue f => InvokeWithKeywords(f, evaluator.EvaluateArguments(argNodes, scope), scope),
            StringValue or MapValue { IsObject: true } => throw Unknown(name, operand),
            _ => throw new TemplateRuntimeException($"the filter '{name}' cannot be applied to {operand.TypeName}."),
        };
    }

    private static JinjaValue InvokeWithKeywords(FunctionValue f, (List<JinjaValue> Positional, MapValue Keywords) args, Scope scope)
    {
        List<JinjaValue> all = [.. args.Positional];
        if (args.Keywords.Entries.Count > 0)
        {
            all.Add(args.Keywords);
        }

        return f.Invoke(all, scope);
    }

    private static JinjaValue ReplaceWithArguments(StringValue s, (List<JinjaValue> Positional, MapValue Keywords) args, Scope scope)
        => ((FunctionValue)Methods.StringMethod(s, "replace")!).Invoke([.. args.Positional, args.Keywords], scope);

    private static StringValue IndentWithArguments(StringValue s, (List<JinjaValue> Positional, MapValue Keywords) args)
    {
        JinjaValue Arg(int i, string key, JinjaValue fallback)
            => i < args.Positional.Count ? args.Positional[i] : args.Keywords.Entries.GetValueOrDefault(key) ?? fallback;
        if (Arg(0, "width", NumberValue.Integer(4)) is not NumberValue { IsInteger: true } width || width.Value < 0 || width.Value > 1000)
        {
            throw new TemplateRuntimeException("the indent width must be a small non-negative integer.");
        }

        return Indent(s.Value, (int)width.Value, Arg(1, "first", BooleanValue.False).IsTruthy, Arg(2, "blank", BooleanValue.False).IsTruthy);
    }

    private static JsonFormat JsonOptions(MapValue kwargs)
    {
        JinjaValue indent = kwargs.Entries.GetValueOrDefault("indent") ?? NullValue.Instance;
        if (indent is not NullValue and not NumberValue { IsInteger: true, Value: >= 0 and <= 64 })
        {
            throw new TemplateRuntimeException("tojson indent must be a small non-negative integer or none.");
        }

        if ((kwargs.Entries.GetValueOrDefault("ensure_ascii") ?? BooleanValue.False) is not BooleanValue ensureAscii)
        {
            throw new TemplateRuntimeException("tojson ensure_ascii must be a boolean.");
        }

        if ((kwargs.Entries.GetValueOrDefault("sort_keys") ?? BooleanValue.False) is not BooleanValue sortKeys)
        {
            throw new TemplateRuntimeException("tojson sort_keys must be a boolean.");
        }

        (string? item, string? key) = (kwargs.Entries.GetValueOrDefault("separators") ?? NullValue.Instance) switch
        {
            NullValue => ((string?)null, (string?)null),
            ArrayValue { Items: [StringValue i, StringValue k] } => (i.Value, k.Value),
            _ => throw new TemplateRuntimeException("tojson separators must be a pair of strings."),
        };
        return new JsonFormat(indent is NumberValue n ? (int)n.Value : null, ensureAscii.Value, sortKeys.Value, item, key);
    }
}
