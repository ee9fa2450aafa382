namespace Tournament.Samples.Example.Checks;

/// <summary>Options of <c>example-no-code</c>. A configured list replaces the default one.</summary>
public sealed class NoCodeCheckOptions
{
    /// <summary>The default forbidden extensions.</summary>
    public static IReadOnlyList<string> DefaultForbiddenExtensions { get; } = [".py", ".bin", ".pt", ".pth", ".pkl", ".so", ".dll", ".exe", ".sh"];

    /// <summary>The default required files.</summary>
    public static IReadOnlyList<string> DefaultRequiredFiles { get; } = ["bigram.json", "config.json"];

    /// <summary>File extensions that disqualify (case-insensitive); null uses <see cref="DefaultForbiddenExtensions"/>.</summary>
    public IReadOnlyList<string>? ForbiddenExtensions { get; set; }

    /// <summary>Files every model must have at its root; null uses <see cref="DefaultRequiredFiles"/>.</summary>
    public IReadOnlyList<string>? RequiredFiles { get; set; }
}
