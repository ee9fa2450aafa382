namespace Tournament.Inference.ChatTemplates;

/// <summary>Argument lists of calls and parameter lists of macros, with the reference's ordering rules.</summary>
internal sealed partial class Parser
{
    private List<Node> ParseArguments(bool parameters)
    {
        int open = OffsetHere;
        Expect(TokenType.OpenParen, "'('");
        List<Node> args = [];
        HashSet<string> names = new(StringComparer.Ordinal);
        bool sawKeyword = false, sawSpread = false;
        while (!Is(TokenType.CloseParen))
        {
            if (Peek() is null)
            {
                throw Error("a '(' is never closed with ')'.", open);
            }

            int at = OffsetHere;
            bool keywordSpread = Is(TokenType.ExponentiationBinaryOperator);
            bool positionalSpread = Is(TokenType.MultiplicativeBinaryOperator) && Peek()!.Value == "*";
            if (parameters && (keywordSpread || positionalSpread))
            {
                throw Error("argument unpacking is not allowed in a parameter list.", at);
            }

            if (keywordSpread)
            {
                _current++;
                args.Add(new SpreadNode(at, ParseExpression(), keywords: true));
                if (Is(TokenType.Comma))
                {
                    _current++;
                }

                if (!Is(TokenType.CloseParen))
                {
                    throw Error("'**' must be the last argument.", at);
                }

                break;
            }

            Node argument;
            if (positionalSpread)
            {
                if (sawSpread)
                {
                    throw Error("only one '*' unpacking is allowed.", at);
                }

                sawSpread = true;
                _current++;
                argument = new SpreadNode(at, ParseExpression(), keywords: false);
            }
            else
            {
                argument = ParseExpression();
                if (Is(TokenType.Equals))
                {
                    _current++;
                    if (argument is not IdentifierNode key)
                    {
                        throw Error(parameters ? "expected a parameter name before '='." : "expected a keyword name before '='.", at);
                    }

                    argument = new KeywordArgumentNode(at, key, ParseExpression());
                }

                if (parameters)
                {
                    string name = argument switch
                    {
                        IdentifierNode id => id.Name,
                        KeywordArgumentNode kw => kw.Key.Name,
                        _ => throw Error("expected a parameter name.", at),
                    };
                    if (!names.Add(name))
                    {
                        throw Error($"the parameter '{name}' is declared twice.", at);
                    }
                }

                if (argument is KeywordArgumentNode)
                {
                    sawKeyword = true;
                }
                else if (sawKeyword)
                {
                    throw Error(parameters ? "a parameter without a default follows one with a default." : "a positional argument follows a keyword argument.", at);
                }
                else if (sawSpread)
                {
                    throw Error("a positional argument follows '*' unpacking.", at);
                }
            }

            args.Add(argument);
            if (Is(TokenType.Comma))
            {
                _current++;
            }
        }

        Expect(TokenType.CloseParen, "')'");
        return args;
    }
}

/// <summary>Whether a macro or call block body reads <c>kwargs</c> or <c>varargs</c> without declaring them.</summary>
internal static class SpecialArguments
{
    public static (bool Kwargs, bool Varargs) Read(List<Node> parameters, List<Node> body)
    {
        HashSet<string> declared = new(StringComparer.Ordinal);
        foreach (Node p in parameters)
        {
            declared.Add(p is KeywordArgumentNode kw ? kw.Key.Name : ((IdentifierNode)p).Name);
        }

        HashSet<string> read = new(StringComparer.Ordinal);
        Stack<Node> pending = new(body);
        while (pending.Count > 0)
        {
            Node node = pending.Pop();
            foreach (Node child in Children(node, declared))
            {
                pending.Push(child);
            }

            if (node is IdentifierNode { Name: "kwargs" or "varargs" } id && !declared.Contains(id.Name))
            {
                read.Add(id.Name);
            }
        }

        return (read.Contains("kwargs"), read.Contains("varargs"));
    }

    private static IEnumerable<Node> Children(Node node, HashSet<string> declared)
    {
        switch (node)
        {
            case SetNode s when s.Assignee is IdentifierNode { Name: "kwargs" or "varargs" } target:
                declared.Add(target.Name);
                return s.Value is null ? s.Body : [s.Value, .. s.Body];
            case SetNode s:
                return s.Value is null ? s.Body : [s.Value, .. s.Body];
            case IfNode i: return [i.Test, .. i.Body, .. i.Alternate];
            case ForNode f: return [f.Iterable, .. f.Body, .. f.DefaultBlock];
            case MacroNode m: return [.. m.Parameters.OfType<KeywordArgumentNode>().Select(k => k.Value), .. m.Body];
            case CallBlockNode c: return [c.Call, .. c.Body];
            case FilterBlockNode fb: return [.. fb.Filter is CallNode fc ? fc.Arguments : [], .. fb.Body];
            case MemberNode mem: return mem.Computed ? [mem.Target, mem.Property] : [mem.Target];
            case CallNode call: return [call.Callee, .. call.Arguments];
            case FilterNode fl: return fl.Filter is CallNode fc2 ? [fl.Operand, .. fc2.Arguments] : [fl.Operand];
            case TestNode t: return [t.Operand];
            case SelectNode sel: return [sel.Value, sel.Test];
            case TernaryNode tern: return [tern.Condition, tern.WhenTrue, tern.WhenFalse];
            case BinaryNode b: return [b.Left, b.Right];
            case UnaryNode u: return [u.Argument];
            case ArrayLiteralNode a: return a.Items;
            case ObjectLiteralNode o: return o.Entries.SelectMany(e => new[] { e.Key, e.Value });
            case SliceNode sl: return new[] { sl.Start, sl.Stop, sl.Step }.OfType<Node>();
            case KeywordArgumentNode kw: return [kw.Value];
            case SpreadNode sp: return [sp.Argument];
            default: return [];
        }
    }
}
