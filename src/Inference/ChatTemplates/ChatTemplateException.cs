namespace Tournament.Inference.ChatTemplates;

/// <summary>A chat template that cannot be parsed or rendered, or that went past a limit. The message is one sentence
/// and names the line and column of the template where that is known.</summary>
public sealed class ChatTemplateException : Exception
{
    public ChatTemplateException()
    {
    }

    public ChatTemplateException(string message)
        : base(message)
    {
    }

    public ChatTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal ChatTemplateException(string reason, TextPosition? position, Exception? inner = null)
        : base(position is { } p ? $"Chat template error at line {p.Line}, column {p.Column}: {reason}" : $"Chat template error: {reason}", inner)
    {
        Line = position?.Line;
        Column = position?.Column;
    }

    /// <summary>1-based line in the template text, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based column in the template text, when known.</summary>
    public int? Column { get; }
}

/// <summary>A run-time failure inside the evaluator; the evaluator adds the position of the node that failed.</summary>
internal sealed class TemplateRuntimeException(string message) : Exception(message);

/// <summary>A 1-based position in the original template text.</summary>
internal readonly record struct TextPosition(int Line, int Column);
