namespace Tournament.Inference.ChatTemplates;

/// <summary>Bounds on parsing and rendering a template. A template is untrusted input (it comes from a miner's model
/// folder): every limit turns a runaway into a <see cref="ChatTemplateException"/> instead of a hang or a crash.</summary>
public sealed record ChatTemplateLimits
{
    public static readonly ChatTemplateLimits Default = new();

    /// <summary>Longest template text accepted (real chat templates are a few kilobytes).</summary>
    public int MaxTemplateChars { get; init; } = 1_000_000;

    /// <summary>Deepest nesting of blocks and expressions the parser accepts.</summary>
    public int MaxNesting { get; init; } = 200;

    /// <summary>Evaluation steps (nodes evaluated, loop iterations) one render may take.</summary>
    public long MaxSteps { get; init; } = 5_000_000;

    /// <summary>Longest string a render may build, the output included.</summary>
    public int MaxOutputChars { get; init; } = 8_000_000;

    /// <summary>Most items a list built at run time (<c>range</c>, <c>+</c>, slices) may hold.</summary>
    public int MaxCollectionItems { get; init; } = 1_000_000;

    /// <summary>Deepest chain of macro calls.</summary>
    public int MaxCallDepth { get; init; } = 64;
}

/// <summary>The running counters of one render, checked against <see cref="ChatTemplateLimits"/>.</summary>
internal sealed class TemplateBudget(ChatTemplateLimits limits)
{
    private long _steps;

    public ChatTemplateLimits Limits { get; } = limits;

    public int CallDepth { get; set; }

    public void Step()
    {
        if (++_steps > Limits.MaxSteps)
        {
            throw new TemplateRuntimeException($"the render took more than {Limits.MaxSteps:N0} steps (a runaway loop or recursion); the template is refused.");
        }
    }

    public void CheckText(int length)
    {
        if (length > Limits.MaxOutputChars)
        {
            throw new TemplateRuntimeException($"the render built a string longer than {Limits.MaxOutputChars:N0} characters; the template is refused.");
        }
    }

    public void CheckItems(long count)
    {
        if (count > Limits.MaxCollectionItems)
        {
            throw new TemplateRuntimeException($"the render built a list of {count:N0} items, over the {Limits.MaxCollectionItems:N0}-item limit; the template is refused.");
        }
    }
}
