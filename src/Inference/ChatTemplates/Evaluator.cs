using System.Runtime.CompilerServices;
using System.Text;

namespace Tournament.Inference.ChatTemplates;

/// <summary>Walks the tree and renders; each node costs one step of the budget and a failure is reported at the
/// innermost node that failed. Statements are in <c>EvaluatorStatements.cs</c>, operators in <c>Operators.cs</c>.</summary>
internal sealed partial class Evaluator(SourceText source, TemplateBudget budget, TimeProvider time)
{
    private enum Control
    {
        None,
        Break,
        Continue,
    }

    private Control _control;

    public TemplateBudget Budget { get; } = budget;

    public TimeProvider Time { get; } = time;

    public string Run(ProgramNode program, Scope global)
    {
        string output = EvaluateBlock(program.Body, global);
        if (_control != Control.None)
        {
            throw new ChatTemplateException($"'{{% {(_control == Control.Break ? "break" : "continue")} %}}' is used outside a for loop.", (TextPosition?)null);
        }

        return output;
    }

    public JinjaValue Evaluate(Node? node, Scope scope)
    {
        if (node is null)
        {
            return UndefinedValue.Instance;
        }

        try
        {
            Budget.Step();
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw new TemplateRuntimeException("the render nests too deeply (runaway recursion); the template is refused.");
            }

            return EvaluateNode(node, scope);
        }
        catch (TemplateRuntimeException ex)
        {
            throw new ChatTemplateException(ex.Message, source.PositionOf(node.Offset), ex);
        }
    }

    private JinjaValue EvaluateNode(Node node, Scope scope) => node switch
    {
        StringLiteralNode s => s.Value,
        NumberLiteralNode n => n.Value,
        IdentifierNode id => scope.Lookup(id.Name),
        MemberNode m => EvaluateMember(m, scope),
        CallNode c => EvaluateCall(c, scope),
        BinaryNode b => Operators.Binary(b.Operator, b.Left, b.Right, this, scope),
        UnaryNode u => Operators.Unary(u.Operator, Evaluate(u.Argument, scope)),
        FilterNode f => Filters.Apply(Evaluate(f.Operand, scope), f.Filter, this, scope),
        TestNode t => BooleanValue.Of(Tests.Run(t.Test, Evaluate(t.Operand, scope)) != t.Negate),
        SelectNode sel => Evaluate(sel.Test, scope).IsTruthy ? Evaluate(sel.Value, scope) : UndefinedValue.Instance,
        TernaryNode t => Evaluate(Evaluate(t.Condition, scope).IsTruthy ? t.WhenTrue : t.WhenFalse, scope),
        ArrayLiteralNode a => new ArrayValue([.. a.Items.Select(x => Evaluate(x, scope))], a.IsTuple),
        ObjectLiteralNode o => EvaluateObject(o, scope),
        CommentNode => NullValue.Instance,
        SetNode s => EvaluateSet(s, scope),
        IfNode i => new StringValue(EvaluateBlock(Evaluate(i.Test, scope).IsTruthy ? i.Body : i.Alternate, scope)),
        ForNode f => EvaluateFor(f, scope),
        MacroNode m => DefineMacro(m, scope),
        CallBlockNode c => EvaluateCallBlock(c, scope),
        FilterBlockNode fb => Filters.Apply(new StringValue(EvaluateBlock(fb.Body, scope)), fb.Filter, this, scope),
        BreakNode => SetControl(Control.Break),
        ContinueNode => SetControl(Control.Continue),
        _ => throw new TemplateRuntimeException($"cannot evaluate a {node.GetType().Name}."),
    };

    private NullValue SetControl(Control control)
    {
        _control = control;
        return NullValue.Instance;
    }

    /// <summary>Renders statements into one string; stops early when a break/continue is pending.</summary>
    public string EvaluateBlock(List<Node> statements, Scope scope)
    {
        StringBuilder sb = new();
        foreach (Node statement in statements)
        {
            JinjaValue value = Evaluate(statement, scope);
            if (value is not NullValue and not UndefinedValue)
            {
                sb.Append(ValueText.Display(value));
                Budget.CheckText(sb.Length);
            }

            if (_control != Control.None)
            {
                break;
            }
        }

        return sb.ToString();
    }

    private MapValue EvaluateObject(ObjectLiteralNode o, Scope scope)
    {
        MapValue map = MapValue.Create();
        foreach ((Node keyNode, Node valueNode) in o.Entries)
        {
            if (Evaluate(keyNode, scope) is not StringValue key)
            {
                throw new TemplateRuntimeException("dictionary keys must be strings.");
            }

            map.Entries[key.Value] = Evaluate(valueNode, scope);
        }

        return map;
    }

    /// <summary>Positional then keyword arguments, as the reference evaluates them.</summary>
    public (List<JinjaValue> Positional, MapValue Keywords) EvaluateArguments(List<Node> args, Scope scope)
    {
        List<JinjaValue> positional = [];
        MapValue keywords = MapValue.Create(MapKind.KeywordArguments);
        foreach (Node a in args)
        {
            if (a is SpreadNode { Keywords: false } spread)
            {
                if (Evaluate(spread.Argument, scope) is not ArrayValue items)
                {
                    throw new TemplateRuntimeException("'*' can only unpack a list.");
                }

                positional.AddRange(items.Items);
            }
            else if (a is not KeywordArgumentNode and not SpreadNode)
            {
                positional.Add(Evaluate(a, scope));
            }
        }

        foreach (Node a in args)
        {
            if (a is KeywordArgumentNode kw)
            {
                AddKeyword(keywords, kw.Key.Name, Evaluate(kw.Value, scope));
            }
            else if (a is SpreadNode { Keywords: true } spread)
            {
                if (Evaluate(spread.Argument, scope) is not MapValue { IsObject: true } map)
                {
                    throw new TemplateRuntimeException("'**' can only unpack a mapping.");
                }

                foreach ((string key, JinjaValue value) in map.Entries)
                {
                    AddKeyword(keywords, key, value);
                }
            }
        }

        return (positional, keywords);
    }

    private static void AddKeyword(MapValue keywords, string key, JinjaValue value)
    {
        if (!keywords.Entries.TryAdd(key, value))
        {
            throw new TemplateRuntimeException($"the keyword argument '{key}' is given twice.");
        }
    }

    private JinjaValue EvaluateCall(CallNode call, Scope scope)
    {
        (List<JinjaValue> args, MapValue kwargs) = EvaluateArguments(call.Arguments, scope);
        if (kwargs.Entries.Count > 0)
        {
            args.Add(kwargs);
        }

        JinjaValue fn = Evaluate(call.Callee, scope);
        return fn is FunctionValue f
            ? f.Invoke(args, scope)
            : throw new TemplateRuntimeException($"cannot call {Describe(call.Callee)}: it is a {fn.TypeName}, not a function.");
    }

    private static string Describe(Node node) => node switch
    {
        IdentifierNode id => $"'{id.Name}'",
        MemberNode { Property: IdentifierNode p } => $"'.{p.Name}'",
        _ => "this expression",
    };

    private JinjaValue EvaluateMember(MemberNode m, Scope scope)
    {
        JinjaValue target = Evaluate(m.Target, scope);
        if (m.Computed && m.Property is SliceNode slice)
        {
            return Slicing.Apply(target, Evaluate(slice.Start, scope), Evaluate(slice.Stop, scope), Evaluate(slice.Step, scope), Budget);
        }

        JinjaValue property = m.Computed ? Evaluate(m.Property, scope)
            : m.Property is NumberLiteralNode n ? n.Value
            : new StringValue(((IdentifierNode)m.Property).Name);
        return Methods.Member(target, property);
    }
}
