namespace Tournament.Engine.Configuration;

/// <summary>One problem in the configuration: the key path it concerns and one sentence.</summary>
/// <param name="Path">The key path (for example <c>Tournament:Modes:distil:Scorer</c>), a file, or a plugin folder.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it.</param>
public sealed record ConfigurationProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
