namespace Tournament.Inference.ChatTemplates;

/// <summary>The expression grammar, lowest precedence first: ternary/select, or, and, not, comparison and membership,
/// additive, multiplicative, power, test (<c>is</c>), filter (<c>|</c>), sign, call/member, primary.</summary>
internal sealed partial class Parser
{
    private Node ParseExpression()
    {
        Enter();
        try
        {
            return ParseIfExpression();
        }
        finally
        {
            _depth--;
        }
    }

    private Node ParseExpressionSequence(bool primary)
    {
        int at = OffsetHere;
        List<Node> expressions = [primary ? ParsePrimary() : ParseExpression()];
        bool isTuple = Is(TokenType.Comma);
        while (isTuple)
        {
            _current++;
            expressions.Add(primary ? ParsePrimary() : ParseExpression());
            if (!Is(TokenType.Comma))
            {
                break;
            }
        }

        return isTuple ? new ArrayLiteralNode(at, expressions, isTuple: true) : expressions[0];
    }

    private Node ParseIfExpression()
    {
        Node a = ParseOr();
        if (!IsIdentifier("if"))
        {
            return a;
        }

        int at = OffsetHere;
        _current++;
        Node test = ParseOr();
        if (IsIdentifier("else"))
        {
            _current++;
            Node whenFalse = ParseExpression();
            return new TernaryNode(at, test, a, whenFalse);
        }

        return new SelectNode(at, a, test);
    }

    private Node ParseOr()
    {
        Node left = ParseAnd();
        while (IsIdentifier("or"))
        {
            int at = OffsetHere;
            _current++;
            left = new BinaryNode(at, "or", left, ParseAnd());
        }

        return left;
    }

    private Node ParseAnd()
    {
        Node left = ParseNot();
        while (IsIdentifier("and"))
        {
            int at = OffsetHere;
            _current++;
            left = new BinaryNode(at, "and", left, ParseNot());
        }

        return left;
    }

    private Node ParseNot()
    {
        if (!IsIdentifier("not"))
        {
            return ParseComparison();
        }

        int at = OffsetHere;
        _current++;
        Enter();
        try
        {
            return new UnaryNode(at, "not", ParseNot());
        }
        finally
        {
            _depth--;
        }
    }

    private Node ParseComparison()
    {
        Node left = ParseAdditive();
        while (true)
        {
            int at = OffsetHere;
            string op;
            if (IsIdentifier("not", "in"))
            {
                op = "not in";
                _current += 2;
            }
            else if (IsIdentifier("in"))
            {
                op = "in";
                _current++;
            }
            else if (Is(TokenType.ComparisonBinaryOperator))
            {
                op = _tokens[_current++].Value;
            }
            else
            {
                return left;
            }

            left = new BinaryNode(at, op, left, ParseAdditive());
        }
    }

    private Node ParseAdditive() => ParseLeftAssociative(TokenType.AdditiveBinaryOperator, ParseMultiplicative);

    private Node ParseMultiplicative() => ParseLeftAssociative(TokenType.MultiplicativeBinaryOperator, ParsePower);

    // Unlike Python, Jinja's ** is left-associative, as in the reference.
    private Node ParsePower() => ParseLeftAssociative(TokenType.ExponentiationBinaryOperator, ParseTest);

    private Node ParseLeftAssociative(TokenType operators, Func<Node> operand)
    {
        Node left = operand();
        while (Is(operators))
        {
            Token op = _tokens[_current++];
            left = new BinaryNode(op.Offset, op.Value, left, operand());
        }

        return left;
    }

    private Node ParseTest()
    {
        Node operand = ParseFilter();
        while (IsIdentifier("is"))
        {
            int at = OffsetHere;
            _current++;
            bool negate = IsIdentifier("not");
            if (negate)
            {
                _current++;
            }

            if (ParsePrimary() is not IdentifierNode test)
            {
                throw Error("expected a test name after 'is'.", at);
            }

            operand = new TestNode(at, operand, negate, test.Name);
        }

        return operand;
    }

    private Node ParseFilter()
    {
        Node operand = ParseSign();
        while (Is(TokenType.Pipe))
        {
            int at = OffsetHere;
            _current++;
            Node filter = ParsePrimary();
            if (filter is not IdentifierNode)
            {
                throw Error("expected a filter name after '|'.", at);
            }

            if (Is(TokenType.OpenParen))
            {
                filter = ParseCall(filter);
            }

            operand = new FilterNode(at, operand, filter);
        }

        return operand;
    }

    private Node ParseSign()
    {
        if (Peek() is { Type: TokenType.UnaryOperator or TokenType.AdditiveBinaryOperator, Value: "-" or "+" } sign)
        {
            _current++;
            Enter();
            try
            {
                return new UnaryNode(sign.Offset, sign.Value, ParseSign());
            }
            finally
            {
                _depth--;
            }
        }

        Node member = ParseMember(ParsePrimary());
        return Is(TokenType.OpenParen) ? ParseCall(member) : member;
    }

    private Node ParseCall(Node callee)
    {
        Node expression = ParseMember(new CallNode(callee.Offset, callee, ParseArguments(parameters: false)));
        while (Is(TokenType.OpenParen))
        {
            expression = ParseMember(new CallNode(expression.Offset, expression, ParseArguments(parameters: false)));
        }

        return expression;
    }

    private Node ParseMember(Node target)
    {
        while (Is(TokenType.Dot) || Is(TokenType.OpenSquareBracket))
        {
            Token op = _tokens[_current++];
            Node property;
            bool computed = op.Type == TokenType.OpenSquareBracket;
            if (computed)
            {
                property = ParseSubscript(op.Offset);
                Expect(TokenType.CloseSquareBracket, "']'");
            }
            else
            {
                property = ParsePrimary();
                if (property is not IdentifierNode and not NumberLiteralNode { Value.IsInteger: true })
                {
                    throw Error("expected a name or an integer after '.'.", op.Offset);
                }
            }

            target = new MemberNode(op.Offset, target, property, computed);
        }

        return target;
    }

    private Node ParseSubscript(int at)
    {
        List<Node?> slices = [];
        bool isSlice = false;
        while (!Is(TokenType.CloseSquareBracket))
        {
            if (Peek() is null)
            {
                throw Error("a '[' is never closed with ']'.", at);
            }

            if (Is(TokenType.Colon))
            {
                slices.Add(null);
                _current++;
                isSlice = true;
            }
            else
            {
                slices.Add(ParseExpression());
                if (Is(TokenType.Colon))
                {
                    _current++;
                    isSlice = true;
                }
            }
        }

        if (slices.Count == 0)
        {
            throw Error("'[]' needs an index or a slice.", at);
        }

        if (!isSlice)
        {
            return slices[0]!;
        }

        if (slices.Count > 3)
        {
            throw Error("a slice takes at most three parts (start:stop:step).", at);
        }

        return new SliceNode(at, slices[0], slices.Count > 1 ? slices[1] : null, slices.Count > 2 ? slices[2] : null);
    }

    private Node ParsePrimary()
    {
        Token? token = Peek() ?? throw Error("the template ends inside an expression.");
        _current++;
        switch (token.Type)
        {
            case TokenType.NumericLiteral:
                return new NumberLiteralNode(token.Offset, ParseNumber(token.Value), !token.Value.Contains('.', StringComparison.Ordinal));
            case TokenType.StringLiteral:
                {
                    string value = token.Value;
                    while (Is(TokenType.StringLiteral))
                    {
                        value += _tokens[_current++].Value;
                    }

                    return new StringLiteralNode(token.Offset, value);
                }

            case TokenType.Identifier:
                return new IdentifierNode(token.Offset, token.Value);
            case TokenType.OpenParen:
                {
                    Node expression = ParseExpressionSequence(false);
                    Expect(TokenType.CloseParen, "')'");
                    return expression;
                }

            case TokenType.OpenSquareBracket:
                {
                    List<Node> values = [];
                    while (!Is(TokenType.CloseSquareBracket))
                    {
                        if (Peek() is null)
                        {
                            throw Error("a '[' is never closed with ']'.", token.Offset);
                        }

                        values.Add(ParseExpression());
                        if (Is(TokenType.Comma))
                        {
                            _current++;
                        }
                    }

                    _current++;
                    return new ArrayLiteralNode(token.Offset, values, isTuple: false);
                }

            case TokenType.OpenCurlyBracket:
                {
                    List<(Node, Node)> entries = [];
                    while (!Is(TokenType.CloseCurlyBracket))
                    {
                        if (Peek() is null)
                        {
                            throw Error("a '{' is never closed with '}'.", token.Offset);
                        }

                        Node key = ParseExpression();
                        Expect(TokenType.Colon, "':' between a key and its value");
                        entries.Add((key, ParseExpression()));
                        if (Is(TokenType.Comma))
                        {
                            _current++;
                        }
                    }

                    _current++;
                    return new ObjectLiteralNode(token.Offset, entries);
                }

            default:
                throw Error($"unexpected '{Describe(token)}' in an expression.", token.Offset);
        }
    }
}
