using System.Globalization;
using System.Runtime.CompilerServices;

namespace Tournament.Inference.ChatTemplates;

/// <summary>Builds the tree from tokens with the reference parser's grammar and precedence; statements here, the
/// expression grammar in <c>ParserExpressions.cs</c>.</summary>
internal sealed partial class Parser
{
    private static readonly Dictionary<string, string> Closers = new(StringComparer.Ordinal)
    {
        ["if"] = "endif", ["for"] = "endfor", ["macro"] = "endmacro", ["call"] = "endcall", ["filter"] = "endfilter", ["set"] = "endset",
    };

    private readonly List<Token> _tokens;
    private readonly SourceText _source;
    private readonly int _maxNesting;
    private int _current;
    private int _depth;

    private Parser(List<Token> tokens, SourceText source, int maxNesting)
    {
        _tokens = tokens;
        _source = source;
        _maxNesting = maxNesting;
    }

    public static ProgramNode Parse(List<Token> tokens, SourceText source, int maxNesting)
    {
        Parser p = new(tokens, source, maxNesting);
        List<Node> body = [];
        while (p._current < tokens.Count)
        {
            body.Add(p.ParseAny());
        }

        return new ProgramNode(body);
    }

    private Token? Peek(int ahead = 0) => _current + ahead < _tokens.Count ? _tokens[_current + ahead] : null;

    private int OffsetHere => Peek()?.Offset ?? _source.Text.Length;

    private ChatTemplateException Error(string reason, int? offset = null) => new(reason, _source.PositionOf(offset ?? OffsetHere));

    private void Enter()
    {
        if (++_depth > _maxNesting)
        {
            throw Error($"blocks or expressions nest deeper than {_maxNesting} levels; the template is refused.");
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error("blocks or expressions nest too deeply to parse; the template is refused.");
        }
    }

    private Token Expect(TokenType type, string what)
    {
        Token? t = Peek();
        if (t is null || t.Type != type)
        {
            throw Error(t is null ? $"expected {what} but the template ended." : $"expected {what} but found '{Describe(t)}'.");
        }

        _current++;
        return t;
    }

    private static string Describe(Token t) => t.Type == TokenType.Text ? "text" : t.Value;

    private bool Is(params TokenType[] types)
    {
        if (_current + types.Length > _tokens.Count)
        {
            return false;
        }

        for (int i = 0; i < types.Length; i++)
        {
            if (_tokens[_current + i].Type != types[i])
            {
                return false;
            }
        }

        return true;
    }

    private bool IsIdentifier(params string[] names)
    {
        if (_current + names.Length > _tokens.Count)
        {
            return false;
        }

        for (int i = 0; i < names.Length; i++)
        {
            Token t = _tokens[_current + i];
            if (t.Type != TokenType.Identifier || t.Value != names[i])
            {
                return false;
            }
        }

        return true;
    }

    private bool IsStatement(params string[] names)
        => Peek() is { Type: TokenType.OpenStatement } && Peek(1) is { Type: TokenType.Identifier } id && names.Contains(id.Value);

    private Node ParseAny()
    {
        Enter();
        try
        {
            Token t = Peek()!;
            switch (t.Type)
            {
                case TokenType.Comment:
                    _current++;
                    return new CommentNode(t.Offset);
                case TokenType.Text:
                    _current++;
                    return new StringLiteralNode(t.Offset, t.Value);
                case TokenType.OpenStatement:
                    return ParseStatement();
                case TokenType.OpenExpression:
                    _current++;
                    Node e = ParseExpression();
                    Expect(TokenType.CloseExpression, "'}}' to close the expression");
                    return e;
                default:
                    throw Error($"unexpected '{Describe(t)}' outside a tag.");
            }
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Parses statements until one of <paramref name="enders"/> opens; a template that ends first is an
    /// unclosed block.</summary>
    private List<Node> ParseBody(string block, int opened, params string[] enders)
    {
        List<Node> body = [];
        while (!IsStatement(enders))
        {
            if (Peek() is null)
            {
                TextPosition p = _source.PositionOf(opened);
                throw Error($"the '{{% {block} %}}' block opened at line {p.Line}, column {p.Column} is never closed with '{{% {Closers[block]} %}}'.", opened);
            }

            body.Add(ParseAny());
        }

        return body;
    }

    private void ExpectEnd(string ender)
    {
        Expect(TokenType.OpenStatement, $"'{{% {ender} %}}'");
        if (!IsIdentifier(ender))
        {
            throw Error($"expected '{{% {ender} %}}'.");
        }

        _current++;
        Expect(TokenType.CloseStatement, "'%}'");
    }

    private Node ParseStatement()
    {
        int at = OffsetHere;
        Expect(TokenType.OpenStatement, "'{%'");
        Token? name = Peek();
        if (name is not { Type: TokenType.Identifier })
        {
            throw Error(name is null ? "the template ends right after '{%'." : $"expected a tag name after '{{%' but found '{Describe(name)}'.");
        }

        _current++;
        switch (name.Value)
        {
            case "set":
                return ParseSet(at);
            case "if":
                {
                    IfNode node = ParseIf(at);
                    ExpectEnd("endif");
                    return node;
                }

            case "for":
                return ParseFor(at);
            case "macro":
                return ParseMacro(at);
            case "call":
                return ParseCallBlock(at);
            case "filter":
                {
                    Node filter = ParsePrimary();
                    if (filter is IdentifierNode && Is(TokenType.OpenParen))
                    {
                        filter = ParseCall(filter);
                    }

                    Expect(TokenType.CloseStatement, "'%}'");
                    List<Node> body = ParseBody("filter", at, "endfilter");
                    ExpectEnd("endfilter");
                    return new FilterBlockNode(at, filter, body);
                }

            case "break":
                Expect(TokenType.CloseStatement, "'%}'");
                return new BreakNode(at);
            case "continue":
                Expect(TokenType.CloseStatement, "'%}'");
                return new ContinueNode(at);
            case "elif" or "else" or "endif" or "endfor" or "endmacro" or "endset" or "endcall" or "endfilter":
                throw Error($"'{{% {name.Value} %}}' has no open block to belong to (unbalanced tags).", at);
            default:
                throw Error($"unknown tag '{{% {name.Value} %}}'.", at);
        }
    }

    private SetNode ParseSet(int at)
    {
        Node left = ParseExpressionSequence(false);
        Node? value = null;
        List<Node> body = [];
        if (Is(TokenType.Equals))
        {
            _current++;
            value = ParseExpressionSequence(false);
        }
        else
        {
            Expect(TokenType.CloseStatement, "'=' or '%}' in a set tag");
            body = ParseBody("set", at, "endset");
            Expect(TokenType.OpenStatement, "'{% endset %}'");
            _current++;
        }

        Expect(TokenType.CloseStatement, "'%}'");
        return new SetNode(at, left, value, body);
    }

    private IfNode ParseIf(int at)
    {
        Node test = ParseExpression();
        Expect(TokenType.CloseStatement, "'%}' after the if condition");
        List<Node> body = ParseBody("if", at, "elif", "else", "endif");
        List<Node> alternate = [];
        if (IsStatement("elif"))
        {
            int elif = OffsetHere;
            _current += 2;
            alternate.Add(ParseIf(elif));
        }
        else if (IsStatement("else"))
        {
            _current += 2;
            Expect(TokenType.CloseStatement, "'%}' after else");
            alternate = ParseBody("if", at, "endif");
        }

        return new IfNode(at, test, body, alternate);
    }

    private ForNode ParseFor(int at)
    {
        Node loopVariable = ParseExpressionSequence(true);
        if (loopVariable is not IdentifierNode and not ArrayLiteralNode { IsTuple: true })
        {
            throw Error("expected a name or names after 'for'.", loopVariable.Offset);
        }

        if (!IsIdentifier("in"))
        {
            throw Error("expected 'in' after the loop variable.");
        }

        _current++;
        Node iterable = ParseExpression();
        Expect(TokenType.CloseStatement, "'%}' after the for header");
        List<Node> body = ParseBody("for", at, "endfor", "else");
        List<Node> defaultBlock = [];
        if (IsStatement("else"))
        {
            _current += 2;
            Expect(TokenType.CloseStatement, "'%}' after else");
            defaultBlock = ParseBody("for", at, "endfor");
        }

        ExpectEnd("endfor");
        return new ForNode(at, loopVariable, iterable, body, defaultBlock);
    }

    private MacroNode ParseMacro(int at)
    {
        if (ParsePrimary() is not IdentifierNode name)
        {
            throw Error("expected a macro name after 'macro'.", at);
        }

        List<Node> parameters = ParseArguments(parameters: true);
        Expect(TokenType.CloseStatement, "'%}' after the macro signature");
        List<Node> body = ParseBody("macro", at, "endmacro");
        ExpectEnd("endmacro");
        (bool kwargs, bool varargs) = SpecialArguments.Read(parameters, body);
        return new MacroNode(at, name.Name, parameters, body) { ReadsKwargs = kwargs, ReadsVarargs = varargs };
    }

    private CallBlockNode ParseCallBlock(int at)
    {
        List<Node> callerParameters = Is(TokenType.OpenParen) ? ParseArguments(parameters: true) : [];
        Node callee = ParsePrimary();
        if (callee is not IdentifierNode)
        {
            throw Error("expected a macro name after 'call'.", at);
        }

        CallNode call = new(callee.Offset, callee, ParseArguments(parameters: false));
        Expect(TokenType.CloseStatement, "'%}' after the call");
        List<Node> body = ParseBody("call", at, "endcall");
        ExpectEnd("endcall");
        (bool kwargs, bool varargs) = SpecialArguments.Read(callerParameters, body);
        return new CallBlockNode(at, call, callerParameters, body) { ReadsKwargs = kwargs, ReadsVarargs = varargs };
    }

    private static double ParseNumber(string text) => double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
