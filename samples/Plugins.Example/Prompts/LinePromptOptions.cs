using System.ComponentModel.DataAnnotations;

namespace Tournament.Samples.Example.Prompts;

/// <summary>Options of <c>example-lines</c> (section <c>Components:example-lines</c>).</summary>
public sealed class LinePromptOptions
{
    /// <summary>The UTF-8 text file: one prompt per non-empty line (lines starting with '#' are comments).</summary>
    [Required]
    public string? Path { get; set; }

    /// <summary>Prompts per round.</summary>
    [Range(1, 10_000)]
    public int Count { get; set; } = 8;

    /// <summary>The largest accepted file, in bytes.</summary>
    [Range(1, 64L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 4 * 1024 * 1024;
}
