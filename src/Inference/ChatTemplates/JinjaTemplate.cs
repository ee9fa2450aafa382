using System.Text.Json.Nodes;

namespace Tournament.Inference.ChatTemplates;

/// <summary>A parsed Jinja template, rendered with the semantics of @huggingface/jinja (the interpreter
/// transformers.js uses), with <c>trim_blocks</c> and <c>lstrip_blocks</c> on as Hugging Face sets them. Parsing and
/// rendering are bounded by <see cref="ChatTemplateLimits"/>; every failure is a <see cref="ChatTemplateException"/>.</summary>
public sealed class JinjaTemplate
{
    private readonly SourceText _source;
    private readonly ProgramNode _program;
    private readonly ChatTemplateLimits _limits;

    private JinjaTemplate(SourceText source, ProgramNode program, ChatTemplateLimits limits)
    {
        _source = source;
        _program = program;
        _limits = limits;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ChatTemplateException"/> naming the line and column of
    /// the first problem.</summary>
    public static JinjaTemplate Parse(string text, ChatTemplateLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= ChatTemplateLimits.Default;
        if (text.Length > limits.MaxTemplateChars)
        {
            throw new ChatTemplateException($"Chat template error: the template is {text.Length:N0} characters long, over the {limits.MaxTemplateChars:N0}-character limit; real chat templates are a few kilobytes.");
        }

        SourceText source = SourceText.Preprocess(text);
        try
        {
            return new JinjaTemplate(source, Parser.Parse(Lexer.Tokenize(source), source, limits.MaxNesting), limits);
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new ChatTemplateException("Chat template error: the template nests too deeply to parse; it is refused.", ex);
        }
    }

    /// <summary>Renders with the variables of <paramref name="context"/> (a JSON object: <c>messages</c>,
    /// <c>add_generation_prompt</c>, special tokens, anything else the template reads). <c>strftime_now</c> reads
    /// <paramref name="time"/> (local time), the system clock when null.</summary>
    public string Render(JsonObject context, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        TemplateBudget budget = new(_limits);
        Scope global = new(null);
        try
        {
            Globals.Install(global, time ?? TimeProvider.System, budget);
            foreach ((string key, JsonNode? value) in context)
            {
                global.Declare(key, ContextValues.From(value));
            }

            return new Evaluator(_source, budget, time ?? TimeProvider.System).Run(_program, global);
        }
        catch (TemplateRuntimeException ex)
        {
            throw new ChatTemplateException("Chat template error: " + ex.Message, ex);
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new ChatTemplateException("Chat template error: the render nests too deeply (runaway recursion); the template is refused.", ex);
        }
    }
}
