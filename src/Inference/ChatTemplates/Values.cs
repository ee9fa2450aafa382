namespace Tournament.Inference.ChatTemplates;

/// <summary>A value at template run time. The kinds and their truthiness follow @huggingface/jinja, the reference whose
/// output the renderer reproduces byte for byte.</summary>
internal abstract class JinjaValue
{
    public abstract string TypeName { get; }

    public virtual bool IsTruthy => true;
}

internal sealed class UndefinedValue : JinjaValue
{
    public static readonly UndefinedValue Instance = new();

    private UndefinedValue()
    {
    }

    public override string TypeName => "UndefinedValue";

    public override bool IsTruthy => false;
}

internal sealed class NullValue : JinjaValue
{
    public static readonly NullValue Instance = new();

    private NullValue()
    {
    }

    public override string TypeName => "NullValue";

    public override bool IsTruthy => false;
}

internal sealed class BooleanValue : JinjaValue
{
    public static readonly BooleanValue True = new(true);
    public static readonly BooleanValue False = new(false);

    private BooleanValue(bool value) => Value = value;

    public bool Value { get; }

    public override string TypeName => "BooleanValue";

    public override bool IsTruthy => Value;

    public static BooleanValue Of(bool value) => value ? True : False;
}

/// <summary>A number: a double as in JavaScript, tagged integer or float as the reference tags it.</summary>
internal sealed class NumberValue(double value, bool isInteger) : JinjaValue
{
    public double Value { get; } = value;

    public bool IsInteger { get; } = isInteger;

    public override string TypeName => IsInteger ? "IntegerValue" : "FloatValue";

    public override bool IsTruthy => Value != 0 && !double.IsNaN(Value);

    public static NumberValue Integer(double value) => new(value, true);

    public static NumberValue Float(double value) => new(value, false);
}

internal sealed class StringValue(string value) : JinjaValue
{
    public static readonly StringValue Empty = new(string.Empty);

    public string Value { get; } = value;

    public override string TypeName => "StringValue";

    public override bool IsTruthy => Value.Length > 0;
}

internal sealed class ArrayValue(List<JinjaValue> items, bool isTuple = false) : JinjaValue
{
    public List<JinjaValue> Items { get; } = items;

    public bool IsTuple { get; } = isTuple;

    public override string TypeName => IsTuple ? "TupleValue" : "ArrayValue";

    public override bool IsTruthy => Items.Count > 0;
}

internal enum MapKind
{
    Object,
    KeywordArguments,
    Namespace,
}

/// <summary>An insertion-ordered string-keyed map: a dict, the keyword arguments of a call, or a namespace.</summary>
internal sealed class MapValue(OrderedDictionary<string, JinjaValue> entries, MapKind kind = MapKind.Object) : JinjaValue
{
    public OrderedDictionary<string, JinjaValue> Entries { get; } = entries;

    public MapKind Kind { get; } = kind;

    /// <summary>True for dicts and keyword arguments (the reference's ObjectValue); a namespace is no mapping.</summary>
    public bool IsObject => Kind != MapKind.Namespace;

    public override string TypeName => Kind switch
    {
        MapKind.Namespace => "NamespaceValue",
        MapKind.KeywordArguments => "KeywordArgumentsValue",
        _ => "ObjectValue",
    };

    // The reference computes a namespace's truthiness as !!Map, which is always true.
    public override bool IsTruthy => Kind == MapKind.Namespace || Entries.Count > 0;

    public static MapValue Create(MapKind kind = MapKind.Object, int capacity = 0) => new(new OrderedDictionary<string, JinjaValue>(capacity, StringComparer.Ordinal), kind);
}

/// <summary>A callable: a macro, a global such as <c>range</c>, or a bound method such as <c>str.split</c>.</summary>
internal sealed class FunctionValue(string name, Func<List<JinjaValue>, Scope, JinjaValue> invoke) : JinjaValue
{
    public string Name { get; } = name;

    public Func<List<JinjaValue>, Scope, JinjaValue> Invoke { get; } = invoke;

    public override string TypeName => "FunctionValue";
}
