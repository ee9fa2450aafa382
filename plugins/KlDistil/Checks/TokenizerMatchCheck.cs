using Tournament.Abstractions;
using Tournament.Inference.Tokenizers;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>The student's tokenizer.json is the teacher's: same vocabulary, merges, added tokens and ids on fixed test strings. Fails closed.</summary>
[Component("tokenizer-match", Options = typeof(TokenizerMatchOptions), Description = "Student tokenizer.json must equal the teacher's (vocabulary, merges, added tokens, test encodings).")]
internal sealed class TokenizerMatchCheck : IAntiCheatCheck
{
    public const string Name = "tokenizer-match";

    /// <summary>Built-in probes: prose, code, digits, whitespace runs, non-Latin scripts, emoji, chat special tokens.</summary>
    public static readonly IReadOnlyList<string> BuiltInTestStrings =
    [
        "The quick brown fox jumps over the lazy dog.",
        "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n",
        "  leading spaces,\ttabs\t\tand\r\nCRLF line endings   ",
        "1234567890 3.14159 -0.5e-10 1,000,000",
        "Größe, naïve café, Ελληνικά, русский, 中文分词测试, 日本語のテキスト, 한국어",
        "emoji 🤖🚀👍🏽 and symbols ∑∫√≈≠ ©®™",
        "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
        "<think>\n\n</think>\n\n",
        "https://example.org/path?query=1&x=y#frag",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ];

    private readonly Lazy<HfTokenizer> _teacher;
    private readonly IReadOnlyList<string> _testStrings;

    public TokenizerMatchCheck(TokenizerMatchOptions options, HostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var path = environment.ResolvePath(options.TeacherTokenizerPath);
        _teacher = new Lazy<HfTokenizer>(() => HfTokenizer.Load(path), LazyThreadSafetyMode.ExecutionAndPublication);
        _testStrings = [.. BuiltInTestStrings, .. options.ExtraTestStrings];
    }

    public CheckStage Stage => CheckStage.Content;

    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Snapshot is not { } snapshot)
        {
            return Task.FromResult(CheckOutcome.Defer("tokenizer-match needs the downloaded files, but no snapshot was provided."));
        }

        HfTokenizer teacher;
        try
        {
            teacher = _teacher.Value;
        }
        catch (Exception ex) when (ex is TokenizerFormatException or TokenizerNotSupportedException or IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(CheckOutcome.Defer($"The teacher tokenizer (Components:tokenizer-match:TeacherTokenizerPath) cannot be loaded: {ex.Message}"));
        }

        if (!snapshot.Files.Any(f => f.Path == "tokenizer.json"))
        {
            return Task.FromResult(CheckOutcome.Disqualify(Name, "The model has no tokenizer.json; ship the teacher's tokenizer.json unchanged."));
        }

        HfTokenizer student;
        try
        {
            student = HfTokenizer.Load(snapshot.PathOf("tokenizer.json"));
        }
        catch (Exception ex) when (ex is TokenizerFormatException or TokenizerNotSupportedException or IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(CheckOutcome.Disqualify(Name, $"tokenizer.json cannot be loaded ({ex.Message}); ship the teacher's tokenizer.json unchanged."));
        }

        var result = TokenizerComparison.Compare(teacher, student, _testStrings);
        return Task.FromResult(result.IsMatch
            ? CheckOutcome.Pass()
            : CheckOutcome.Disqualify(Name, $"tokenizer.json differs from the teacher's: {result.Difference}"));
    }
}
