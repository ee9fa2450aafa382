namespace Tournament.Inference.ChatTemplates;

/// <summary>A node of the parsed template; <see cref="Offset"/> points into the preprocessed text for error positions.</summary>
internal abstract class Node(int offset)
{
    public int Offset { get; } = offset;
}

internal sealed class ProgramNode(List<Node> body) : Node(0)
{
    public List<Node> Body { get; } = body;
}

internal sealed class IfNode(int offset, Node test, List<Node> body, List<Node> alternate) : Node(offset)
{
    public Node Test { get; } = test;

    public List<Node> Body { get; } = body;

    public List<Node> Alternate { get; } = alternate;
}

internal sealed class ForNode(int offset, Node loopVariable, Node iterable, List<Node> body, List<Node> defaultBlock) : Node(offset)
{
    public Node LoopVariable { get; } = loopVariable;

    public Node Iterable { get; } = iterable;

    public List<Node> Body { get; } = body;

    public List<Node> DefaultBlock { get; } = defaultBlock;
}

internal sealed class BreakNode(int offset) : Node(offset);

internal sealed class ContinueNode(int offset) : Node(offset);

internal sealed class CommentNode(int offset) : Node(offset);

internal sealed class SetNode(int offset, Node assignee, Node? value, List<Node> body) : Node(offset)
{
    public Node Assignee { get; } = assignee;

    public Node? Value { get; } = value;

    public List<Node> Body { get; } = body;
}

internal sealed class MacroNode(int offset, string name, List<Node> parameters, List<Node> body) : Node(offset)
{
    public string Name { get; } = name;

    public List<Node> Parameters { get; } = parameters;

    public List<Node> Body { get; } = body;

    /// <summary>Whether the body reads <c>kwargs</c> / <c>varargs</c> (then extra arguments are collected, not refused).</summary>
    public bool ReadsKwargs { get; init; }

    public bool ReadsVarargs { get; init; }
}

internal sealed class CallBlockNode(int offset, CallNode call, List<Node> callerParameters, List<Node> body) : Node(offset)
{
    public CallNode Call { get; } = call;

    public List<Node> CallerParameters { get; } = callerParameters;

    public List<Node> Body { get; } = body;

    public bool ReadsKwargs { get; init; }

    public bool ReadsVarargs { get; init; }
}

internal sealed class FilterBlockNode(int offset, Node filter, List<Node> body) : Node(offset)
{
    public Node Filter { get; } = filter;

    public List<Node> Body { get; } = body;
}

internal sealed class MemberNode(int offset, Node target, Node property, bool computed) : Node(offset)
{
    public Node Target { get; } = target;

    public Node Property { get; } = property;

    public bool Computed { get; } = computed;
}

internal sealed class CallNode(int offset, Node callee, List<Node> arguments) : Node(offset)
{
    public Node Callee { get; } = callee;

    public List<Node> Arguments { get; } = arguments;
}

internal sealed class IdentifierNode(int offset, string name) : Node(offset)
{
    public string Name { get; } = name;
}

internal sealed class NumberLiteralNode(int offset, double value, bool isInteger) : Node(offset)
{
    public NumberValue Value { get; } = new(value, isInteger);
}

internal sealed class StringLiteralNode(int offset, string value) : Node(offset)
{
    public StringValue Value { get; } = new(value);
}

internal sealed class ArrayLiteralNode(int offset, List<Node> items, bool isTuple) : Node(offset)
{
    public List<Node> Items { get; } = items;

    public bool IsTuple { get; } = isTuple;
}

internal sealed class ObjectLiteralNode(int offset, List<(Node Key, Node Value)> entries) : Node(offset)
{
    public List<(Node Key, Node Value)> Entries { get; } = entries;
}

internal sealed class BinaryNode(int offset, string op, Node left, Node right) : Node(offset)
{
    public string Operator { get; } = op;

    public Node Left { get; } = left;

    public Node Right { get; } = right;
}

internal sealed class UnaryNode(int offset, string op, Node argument) : Node(offset)
{
    public string Operator { get; } = op;

    public Node Argument { get; } = argument;
}

/// <summary><c>x | name</c> or <c>x | name(args)</c>: <see cref="Filter"/> is an <see cref="IdentifierNode"/> or a <see cref="CallNode"/>.</summary>
internal sealed class FilterNode(int offset, Node operand, Node filter) : Node(offset)
{
    public Node Operand { get; } = operand;

    public Node Filter { get; } = filter;
}

internal sealed class TestNode(int offset, Node operand, bool negate, string test) : Node(offset)
{
    public Node Operand { get; } = operand;

    public bool Negate { get; } = negate;

    public string Test { get; } = test;
}

/// <summary><c>a if b</c> without else: undefined when b is false; in a for loop header it filters the items.</summary>
internal sealed class SelectNode(int offset, Node value, Node test) : Node(offset)
{
    public Node Value { get; } = value;

    public Node Test { get; } = test;
}

internal sealed class TernaryNode(int offset, Node condition, Node whenTrue, Node whenFalse) : Node(offset)
{
    public Node Condition { get; } = condition;

    public Node WhenTrue { get; } = whenTrue;

    public Node WhenFalse { get; } = whenFalse;
}

internal sealed class SliceNode(int offset, Node? start, Node? stop, Node? step) : Node(offset)
{
    public Node? Start { get; } = start;

    public Node? Stop { get; } = stop;

    public Node? Step { get; } = step;
}

internal sealed class KeywordArgumentNode(int offset, IdentifierNode key, Node value) : Node(offset)
{
    public IdentifierNode Key { get; } = key;

    public Node Value { get; } = value;
}

internal sealed class SpreadNode(int offset, Node argument, bool keywords) : Node(offset)
{
    public Node Argument { get; } = argument;

    /// <summary>True for <c>**mapping</c>, false for <c>*list</c>.</summary>
    public bool Keywords { get; } = keywords;
}
