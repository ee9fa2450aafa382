using System.Globalization;
using System.Text;
using Tournament.Abstractions;

namespace Tournament.Samples.Example.Prompts;

/// <summary>
/// Prompts are lines of a text file. Candidates are the non-empty lines (trimmed; '#' comments skipped), each with id
/// <c>line-&lt;1-based line number&gt;</c>; the round's prompts are the first <c>Count</c> candidates in the order of
/// <see cref="SeededPermutation"/> applied to the seed the engine passes (the round seed derived for "prompts").
/// </summary>
[Component("example-lines", Options = typeof(LinePromptOptions), Description = "Example: seeded lines of a text file.")]
public sealed class LinePromptSource(LinePromptOptions options, HostEnvironment environment) : IPromptSource
{
    /// <summary>The selection algorithm's version.</summary>
    public const string AlgorithmVersion = "example-lines/v1";

    /// <inheritdoc />
    public async Task<PromptSet> SelectAsync(RoundSeed seed, IProgressReporter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var path = environment.ResolvePath(options.Path!);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The prompt file '{path}' does not exist; fix Components:example-lines:Path.", path);
        }

        if (file.Length > options.MaxFileBytes)
        {
            throw new InvalidDataException($"The prompt file '{path}' is {file.Length} bytes; raise Components:example-lines:MaxFileBytes ({options.MaxFileBytes}) or shorten it.");
        }

        var text = await File.ReadAllTextAsync(path, new UTF8Encoding(false, true), cancellationToken).ConfigureAwait(false);
        var candidates = Candidates(text);
        var order = SeededPermutation.Create(seed, candidates.Count);
        return new PromptSet("example-lines", AlgorithmVersion, [.. order.Take(options.Count).Select(i => candidates[i])]);
    }

    /// <summary>The candidate prompts of a file's text, in file order.</summary>
    /// <param name="text">The file's text.</param>
    public static IReadOnlyList<Prompt> Candidates(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prompts = new List<Prompt>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                prompts.Add(Prompt.FromText("line-" + (i + 1).ToString(CultureInfo.InvariantCulture), line));
            }
        }

        return prompts;
    }
}
