namespace Tournament.Inference.ChatTemplates;

/// <summary>The tests usable after <c>is</c> (and by selectattr/rejectattr), with the reference's definitions: e.g.
/// <c>iterable</c> is true for lists and strings only, <c>mapping</c> for dicts, <c>sequence</c> for both.</summary>
internal static class Tests
{
    public static bool Exists(string name) => name is "boolean" or "callable" or "odd" or "even" or "false" or "true" or "none" or "string"
        or "number" or "integer" or "iterable" or "mapping" or "sequence" or "lower" or "upper" or "defined" or "undefined" or "equalto" or "eq";

    public static bool Run(string name, JinjaValue operand, JinjaValue? argument = null) => name switch
    {
        "boolean" => operand is BooleanValue,
        "callable" => operand is FunctionValue,
        "odd" => Integer(operand, name) % 2 != 0,
        "even" => Integer(operand, name) % 2 == 0,
        "false" => operand is BooleanValue { Value: false },
        "true" => operand is BooleanValue { Value: true },
        "none" => operand is NullValue,
        "string" => operand is StringValue,
        "number" => operand is NumberValue,
        "integer" => operand is NumberValue { IsInteger: true },
        "iterable" => operand is ArrayValue or StringValue,
        "mapping" => operand is MapValue { IsObject: true },
        "sequence" => operand is ArrayValue or StringValue or MapValue { IsObject: true },
        "lower" => operand is StringValue s && string.Equals(s.Value, JsCase.ToLower(s.Value), StringComparison.Ordinal),
        "upper" => operand is StringValue u && string.Equals(u.Value, JsCase.ToUpper(u.Value), StringComparison.Ordinal),
        "defined" => operand is not UndefinedValue,
        "undefined" => operand is UndefinedValue,
        "equalto" or "eq" => argument is not null
            ? ValueText.StrictEquals(operand, argument)
            : throw new TemplateRuntimeException($"the test '{name}' needs a value to compare with."),
        _ => throw new TemplateRuntimeException($"unknown test '{name}'."),
    };

    private static double Integer(JinjaValue operand, string name)
        => operand is NumberValue { IsInteger: true } n ? n.Value : throw new TemplateRuntimeException($"the test '{name}' needs an integer, got {operand.TypeName}.");
}
