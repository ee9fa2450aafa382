namespace Tournament.Inference.ChatTemplates;

/// <summary>A variable scope. Lookups walk outwards; <c>set</c> writes the innermost scope (the reference's rules,
/// including its one scope per for loop shared by all iterations and macros that see their caller's variables).</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, JinjaValue> _variables = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public JinjaValue Lookup(string name)
    {
        for (Scope? s = this; s is not null; s = s.Parent)
        {
            if (s._variables.TryGetValue(name, out JinjaValue? value))
            {
                return value;
            }

            // Every scope of the reference starts with its own `namespace`, so an outer re-binding never shows through.
            if (name == "namespace")
            {
                return Globals.Namespace;
            }
        }

        return UndefinedValue.Instance;
    }

    public void Set(string name, JinjaValue value) => _variables[name] = value;

    /// <summary>Declares a variable of the render context; like the reference, a name may be given only once.</summary>
    public void Declare(string name, JinjaValue value)
    {
        if (!_variables.TryAdd(name, value))
        {
            throw new TemplateRuntimeException($"the variable '{name}' is already defined (it is a built-in or was given twice).");
        }
    }
}
