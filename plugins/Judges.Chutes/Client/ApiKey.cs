namespace Tournament.Plugins.Judges.Chutes.Client;

/// <summary>An API key that never prints itself; only the Authorization header reads <see cref="Reveal"/>.</summary>
internal sealed class ApiKey
{
    private readonly string _value;

    public ApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
    }

    public string Reveal() => _value;

    /// <summary>Removes the key from text that came from a provider or an exception before it is logged or returned.</summary>
    public string Redact(string text) =>
        text.Contains(_value, StringComparison.Ordinal) ? text.Replace(_value, "[redacted]", StringComparison.Ordinal) : text;

    public override string ToString() => "[redacted]";
}
