using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Tournament.Plugins.KlDistil.Prompts;

/// <summary>Options of the <c>climbmix</c> prompt source (configuration section <c>Components:climbmix</c>).</summary>
public sealed partial class ClimbMixOptions : IValidatableObject
{
    /// <summary>Default shard folder: the sample shipped with the project, relative to the configuration file.</summary>
    public const string DefaultShardsPath = "climbmix";

    /// <summary>Folder holding the parquet shards; relative paths resolve against the configuration file's folder.</summary>
    [Required]
    public string ShardsPath { get; set; } = DefaultShardsPath;

    /// <summary>File name of shard <c>idx</c>; must contain <c>{idx}</c> or <c>{idx:0Nd}</c>.</summary>
    [Required]
    public string ShardPattern { get; set; } = "shard_{idx:05d}.parquet";

    /// <summary>Number of shards; 0 counts the files matching <see cref="ShardPattern"/> in the folder.</summary>
    [Range(0, 10_000_000)]
    public int ShardCount { get; set; }

    /// <summary>Prompts per round.</summary>
    [Range(1, 100_000)]
    public int Count { get; set; } = 120;

    /// <summary>Longest prompt, in Unicode scalar values, before truncation at a sentence or word boundary.</summary>
    [Range(16, 1_000_000)]
    public int MaxChars { get; set; } = 10_000;

    /// <summary>Least fraction of printable characters a row needs after normalisation.</summary>
    [Range(0.0, 1.0)]
    public double MinPrintableFraction { get; set; } = 0.5;

    /// <summary>Largest shard file read, in bytes (a guard against a corrupt or hostile corpus).</summary>
    [Range(1L, long.MaxValue)]
    public long MaxShardBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ShardPattern is not null && !ShardFileNames.TryParse(ShardPattern, out _, out var error))
        {
            yield return new ValidationResult(error, [nameof(ShardPattern)]);
        }

        if (double.IsNaN(MinPrintableFraction))
        {
            yield return new ValidationResult("MinPrintableFraction must be a number between 0 and 1.", [nameof(MinPrintableFraction)]);
        }
    }
}

/// <summary>Shard file names from a pattern such as <c>shard_{idx:05d}.parquet</c>.</summary>
internal sealed partial record ShardFileNames(string Prefix, int Width, string Suffix)
{
    public string NameOf(int index) =>
        Prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(Width, '0') + Suffix;

    public bool TryIndexOf(string fileName, out int index)
    {
        index = -1;
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(Suffix, StringComparison.Ordinal)
            || fileName.Length <= Prefix.Length + Suffix.Length)
        {
            return false;
        }

        var digits = fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Suffix.Length);
        if (digits.Length < Width || digits.Length > 9 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        index = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        return NameOf(index) == fileName;
    }

    public static bool TryParse(string pattern, out ShardFileNames? names, out string? error)
    {
        names = null;
        var match = Placeholder().Match(pattern);
        if (!match.Success || Placeholder().Count(pattern) != 1)
        {
            error = $"ShardPattern '{pattern}' needs exactly one {{idx}} or {{idx:0Nd}} placeholder, e.g. shard_{{idx:05d}}.parquet.";
            return false;
        }

        var prefix = pattern[..match.Index];
        var suffix = pattern[(match.Index + match.Length)..];
        if (prefix.IndexOfAny(['/', '\\']) >= 0 || suffix.IndexOfAny(['/', '\\']) >= 0)
        {
            error = $"ShardPattern '{pattern}' must be a file name, not a path; put the folder in ShardsPath.";
            return false;
        }

        var width = match.Groups[1].Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        names = new ShardFileNames(prefix, width, suffix);
        error = null;
        return true;
    }

    [GeneratedRegex(@"\{idx(?::0([1-9])d)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
