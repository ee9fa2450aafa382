using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Options of <c>tokenizer-match</c>.</summary>
public sealed class TokenizerMatchOptions
{
    /// <summary>The teacher's tokenizer.json, or its folder (relative to the configuration file).</summary>
    [Required]
    public string TeacherTokenizerPath { get; set; } = "";

    /// <summary>Extra test strings, added to the built-in set.</summary>
    public IList<string> ExtraTestStrings { get; } = new List<string>();
}
