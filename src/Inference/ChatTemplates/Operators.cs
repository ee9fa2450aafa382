namespace Tournament.Inference.ChatTemplates;

/// <summary>Binary and unary operators with the reference's type rules (e.g. <c>+</c> concatenates when either side
/// is a string, <c>==</c> is JavaScript's loose equality, strings do not order).</summary>
internal static class Operators
{
    public static JinjaValue Binary(string op, Node leftNode, Node rightNode, Evaluator evaluator, Scope scope)
    {
        JinjaValue left = evaluator.Evaluate(leftNode, scope);
        if (op == "and")
        {
            return left.IsTruthy ? evaluator.Evaluate(rightNode, scope) : left;
        }

        if (op == "or")
        {
            return left.IsTruthy ? left : evaluator.Evaluate(rightNode, scope);
        }

        JinjaValue right = evaluator.Evaluate(rightNode, scope);
        return Apply(op, left, right, evaluator.Budget);
    }

    public static JinjaValue Apply(string op, JinjaValue left, JinjaValue right, TemplateBudget budget)
    {
        switch (op)
        {
            case "==":
                return BooleanValue.Of(ValueText.LooseEquals(left, right));
            case "!=":
                return BooleanValue.Of(!ValueText.LooseEquals(left, right));
        }

        if (left is UndefinedValue || right is UndefinedValue)
        {
            if (right is UndefinedValue && op is "in" or "not in")
            {
                return BooleanValue.Of(op == "not in");
            }

            throw new TemplateRuntimeException($"cannot apply '{op}' to an undefined value.");
        }

        if (left is NullValue || right is NullValue)
        {
            throw new TemplateRuntimeException($"cannot apply '{op}' to none.");
        }

        if (op == "~")
        {
            return Concat(ValueText.Raw(left), ValueText.Raw(right), budget);
        }

        if (op == "**" && NumericLike(left, out double pa) && NumericLike(right, out double pb))
        {
            if (pa == 0 && pb < 0)
            {
                throw new TemplateRuntimeException("0.0 cannot be raised to a negative power.");
            }

            double result = Math.Pow(pa, pb);
            if (!double.IsFinite(result))
            {
                throw new TemplateRuntimeException("the power is not a finite real number.");
            }

            bool isFloat = left is NumberValue { IsInteger: false } || right is NumberValue { IsInteger: false } || pb < 0;
            return new NumberValue(result, !isFloat);
        }

        if (left is NumberValue a && right is NumberValue b)
        {
            bool isFloat = !a.IsInteger || !b.IsInteger;
            switch (op)
            {
                case "+": return new NumberValue(a.Value + b.Value, !isFloat);
                case "-": return new NumberValue(a.Value - b.Value, !isFloat);
                case "*": return new NumberValue(a.Value * b.Value, !isFloat);
                case "/": return NumberValue.Float(a.Value / b.Value);
                case "//": return new NumberValue(Math.Floor(a.Value / b.Value), !isFloat);
                case "%": return new NumberValue(a.Value % b.Value, !isFloat);
                case "<": return BooleanValue.Of(a.Value < b.Value);
                case ">": return BooleanValue.Of(a.Value > b.Value);
                case ">=": return BooleanValue.Of(a.Value >= b.Value);
                case "<=": return BooleanValue.Of(a.Value <= b.Value);
            }
        }
        else if (left is ArrayValue la && right is ArrayValue ra)
        {
            if (op == "+")
            {
                budget.CheckItems((long)la.Items.Count + ra.Items.Count);
                return new ArrayValue([.. la.Items, .. ra.Items]);
            }
        }
        else if (right is ArrayValue list && op is "in" or "not in")
        {
            bool member = list.Items.Exists(x => ValueText.StrictEquals(x, left));
            return BooleanValue.Of(member == (op == "in"));
        }

        if ((left is StringValue || right is StringValue) && op == "+")
        {
            return Concat(ValueText.Raw(left), ValueText.Raw(right), budget);
        }

        if (left is StringValue ls && right is StringValue rs && op is "in" or "not in")
        {
            return BooleanValue.Of(rs.Value.Contains(ls.Value, StringComparison.Ordinal) == (op == "in"));
        }

        if (left is StringValue key && right is MapValue { IsObject: true } map && op is "in" or "not in")
        {
            return BooleanValue.Of(map.Entries.ContainsKey(key.Value) == (op == "in"));
        }

        throw new TemplateRuntimeException($"the operator '{op}' does not apply to {left.TypeName} and {right.TypeName}.");
    }

    public static JinjaValue Unary(string op, JinjaValue argument)
    {
        if (op == "not")
        {
            return BooleanValue.Of(!argument.IsTruthy);
        }

        double sign = op == "-" ? -1 : 1;
        return argument switch
        {
            NumberValue n => new NumberValue(sign * n.Value, n.IsInteger),
            BooleanValue b => NumberValue.Integer(sign * (b.Value ? 1 : 0)),
            _ => throw new TemplateRuntimeException($"the sign '{op}' does not apply to {argument.TypeName}."),
        };
    }

    private static StringValue Concat(string a, string b, TemplateBudget budget)
    {
        budget.CheckText(a.Length + b.Length);
        return new StringValue(a + b);
    }

    private static bool NumericLike(JinjaValue v, out double value)
    {
        (bool ok, value) = v switch
        {
            NumberValue n => (true, n.Value),
            BooleanValue b => (true, b.Value ? 1 : 0),
            _ => (false, 0),
        };
        return ok;
    }
}
