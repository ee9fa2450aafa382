using System.Text;

namespace Tournament.Inference.ChatTemplates;

/// <summary>set, for, macro and call blocks.</summary>
internal sealed partial class Evaluator
{
    private NullValue EvaluateSet(SetNode node, Scope scope)
    {
        JinjaValue rhs = node.Value is not null ? Evaluate(node.Value, scope) : new StringValue(EvaluateBlock(node.Body, scope));
        switch (node.Assignee)
        {
            case IdentifierNode id:
                scope.Set(id.Name, rhs);
                break;
            case ArrayLiteralNode { IsTuple: true } tuple:
                Unpack(tuple, rhs, scope, acceptTuple: true);
                break;
            case MemberNode member:
                if (Evaluate(member.Target, scope) is not MapValue { Kind: MapKind.Namespace } ns)
                {
                    throw new TemplateRuntimeException("cannot assign an attribute of something that is not a namespace().");
                }

                string key = member.Property is IdentifierNode prop ? prop.Name : throw new TemplateRuntimeException("a namespace attribute must be assigned by name.");
                ns.Entries[key] = rhs;
                break;
            default:
                throw new TemplateRuntimeException("cannot assign to this expression.");
        }

        return NullValue.Instance;
    }

    private StringValue EvaluateFor(ForNode node, Scope outer)
    {
        Scope scope = new(outer);
        Node? test = null;
        JinjaValue iterable;
        if (node.Iterable is SelectNode select)
        {
            iterable = Evaluate(select.Value, scope);
            test = select.Test;
        }
        else
        {
            iterable = Evaluate(node.Iterable, scope);
        }

        List<JinjaValue> source = iterable switch
        {
            ArrayValue a => a.Items,
            MapValue { IsObject: true } m => [.. m.Entries.Keys.Select(k => (JinjaValue)new StringValue(k))],
            _ => throw new TemplateRuntimeException($"a for loop needs a list or a mapping, got {iterable.TypeName}."),
        };

        List<JinjaValue> items = [];
        foreach (JinjaValue current in source.ToList())
        {
            Budget.Step();
            if (test is not null)
            {
                Scope loopScope = new(scope);
                BindLoopVariable(node.LoopVariable, current, loopScope);
                if (!Evaluate(test, loopScope).IsTruthy)
                {
                    continue;
                }
            }

            items.Add(current);
        }

        StringBuilder result = new();
        bool noIteration = true;
        for (int i = 0; i < items.Count; i++)
        {
            MapValue loop = MapValue.Create(capacity: 9);
            loop.Entries["index"] = NumberValue.Integer(i + 1);
            loop.Entries["index0"] = NumberValue.Integer(i);
            loop.Entries["revindex"] = NumberValue.Integer(items.Count - i);
            loop.Entries["revindex0"] = NumberValue.Integer(items.Count - i - 1);
            loop.Entries["first"] = BooleanValue.Of(i == 0);
            loop.Entries["last"] = BooleanValue.Of(i == items.Count - 1);
            loop.Entries["length"] = NumberValue.Integer(items.Count);
            loop.Entries["previtem"] = i > 0 ? items[i - 1] : UndefinedValue.Instance;
            loop.Entries["nextitem"] = i < items.Count - 1 ? items[i + 1] : UndefinedValue.Instance;
            scope.Set("loop", loop);
            BindLoopVariable(node.LoopVariable, items[i], scope);
            string body = EvaluateBlock(node.Body, scope);

            // As in the reference, an iteration cut short by continue/break contributes no output.
            Control control = _control;
            _control = Control.None;
            if (control == Control.Continue)
            {
                continue;
            }

            if (control == Control.Break)
            {
                break;
            }

            result.Append(body);
            Budget.CheckText(result.Length);
            noIteration = false;
        }

        if (noIteration)
        {
            result.Append(EvaluateBlock(node.DefaultBlock, scope));
        }

        return new StringValue(result.ToString());
    }

    private static void BindLoopVariable(Node variable, JinjaValue current, Scope scope)
    {
        if (variable is IdentifierNode id)
        {
            scope.Set(id.Name, current);
            return;
        }

        // The reference unpacks only lists in a loop header (a tuple value is refused), any list or tuple in set.
        Unpack((ArrayLiteralNode)variable, current, scope, acceptTuple: false);
    }

    private static void Unpack(ArrayLiteralNode names, JinjaValue value, Scope scope, bool acceptTuple)
    {
        if (value is not ArrayValue values || (values.IsTuple && !acceptTuple))
        {
            throw new TemplateRuntimeException($"cannot unpack a {value.TypeName} into names.");
        }

        if (values.Items.Count != names.Items.Count)
        {
            throw new TemplateRuntimeException($"too {(names.Items.Count > values.Items.Count ? "few" : "many")} items to unpack.");
        }

        for (int i = 0; i < names.Items.Count; i++)
        {
            string name = names.Items[i] is IdentifierNode target ? target.Name : throw new TemplateRuntimeException("only names can be unpacked into.");
            scope.Set(name, values.Items[i]);
        }
    }

    private NullValue DefineMacro(MacroNode node, Scope scope)
    {
        scope.Set(node.Name, new FunctionValue(node.Name, (args, callerScope) =>
        {
            Scope macroScope = new(callerScope);
            BindArguments($"'{node.Name}'", node.Parameters, node.ReadsKwargs, node.ReadsVarargs, args, macroScope);
            return InvokeBody(node.Body, macroScope);
        }));
        return NullValue.Instance;
    }

    private StringValue InvokeBody(List<Node> body, Scope scope)
    {
        if (++Budget.CallDepth > Budget.Limits.MaxCallDepth)
        {
            throw new TemplateRuntimeException($"macro calls nest deeper than {Budget.Limits.MaxCallDepth} levels (runaway recursion); the template is refused.");
        }

        try
        {
            return new StringValue(EvaluateBlock(body, scope));
        }
        finally
        {
            Budget.CallDepth--;
        }
    }

    private JinjaValue EvaluateCallBlock(CallBlockNode node, Scope scope)
    {
        FunctionValue caller = new("caller", (callerArgs, _) =>
        {
            Scope callScope = new(scope);
            BindArguments("None", node.CallerParameters, node.ReadsKwargs, node.ReadsVarargs, callerArgs, callScope);
            return InvokeBody(node.Body, callScope);
        });
        (List<JinjaValue> args, MapValue kwargs) = EvaluateArguments(node.Call.Arguments, scope);
        args.Add(kwargs);
        JinjaValue fn = Evaluate(node.Call.Callee, scope);
        if (fn is not FunctionValue f)
        {
            throw new TemplateRuntimeException($"cannot call a {fn.TypeName}: it is not a macro.");
        }

        Scope inner = new(scope);
        inner.Set("caller", caller);
        return f.Invoke(args, inner);
    }

    private void BindArguments(string name, List<Node> parameters, bool readsKwargs, bool readsVarargs, List<JinjaValue> args, Scope scope)
    {
        List<JinjaValue> positional = [.. args];
        OrderedDictionary<string, JinjaValue> keywords = new(StringComparer.Ordinal);
        if (positional.Count > 0 && positional[^1] is MapValue { Kind: MapKind.KeywordArguments } kw)
        {
            positional.RemoveAt(positional.Count - 1);
            foreach ((string k, JinjaValue v) in kw.Entries)
            {
                keywords[k] = v;
            }
        }

        List<(string, Node)> pending = [];
        for (int i = 0; i < parameters.Count; i++)
        {
            (string param, Node? defaultValue) = parameters[i] is KeywordArgumentNode k ? (k.Key.Name, k.Value) : (((IdentifierNode)parameters[i]).Name, (Node?)null);
            JinjaValue? value = i < positional.Count ? positional[i] : null;
            if (value is null && keywords.Remove(param, out JinjaValue? byName))
            {
                value = byName;
            }

            if (value is null && defaultValue is not null)
            {
                pending.Add((param, defaultValue));
            }

            scope.Set(param, value ?? UndefinedValue.Instance);
        }

        if (readsKwargs)
        {
            scope.Set("kwargs", new MapValue(keywords));
        }
        else if (keywords.Count > 0)
        {
            throw new TemplateRuntimeException($"macro {name} takes no keyword argument '{keywords.GetAt(0).Key}'.");
        }

        if (readsVarargs)
        {
            scope.Set("varargs", new ArrayValue([.. positional.Skip(parameters.Count)]));
        }
        else if (positional.Count > parameters.Count)
        {
            throw new TemplateRuntimeException($"macro {name} takes not more than {parameters.Count} argument(s).");
        }

        foreach ((string param, Node defaultValue) in pending)
        {
            scope.Set(param, Evaluate(defaultValue, scope));
        }
    }
}
