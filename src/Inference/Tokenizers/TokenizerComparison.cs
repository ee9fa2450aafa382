namespace Tournament.Inference.Tokenizers;

/// <summary>Outcome of comparing two tokenizers. <see cref="Difference"/> is null exactly when they match.</summary>
public sealed record TokenizerComparisonResult(bool IsMatch, string? Difference)
{
    public static TokenizerComparisonResult Match { get; } = new(true, null);

    public static TokenizerComparisonResult Mismatch(string difference) => new(false, difference);
}

/// <summary>Decides whether a candidate tokenizer is the reference one: same vocabulary, merges, added tokens and the
/// same ids on every test string. Fails closed: any load error is a mismatch.</summary>
public static class TokenizerComparison
{
    public static TokenizerComparisonResult Compare(string referencePath, string candidatePath, IReadOnlyList<string> testStrings, HfTokenizerOptions? options = null)
    {
        HfTokenizer reference;
        try
        {
            reference = HfTokenizer.Load(referencePath, options);
        }
        catch (Exception ex) when (ex is TokenizerFormatException or TokenizerNotSupportedException or IOException or UnauthorizedAccessException)
        {
            return TokenizerComparisonResult.Mismatch($"The reference tokenizer could not be loaded: {ex.Message}");
        }

        try
        {
            return Compare(reference, HfTokenizer.Load(candidatePath, options), testStrings);
        }
        catch (Exception ex) when (ex is TokenizerFormatException or TokenizerNotSupportedException or IOException or UnauthorizedAccessException)
        {
            return TokenizerComparisonResult.Mismatch($"The candidate tokenizer could not be loaded: {ex.Message}");
        }
    }

    public static TokenizerComparisonResult Compare(HfTokenizer reference, HfTokenizer candidate, IReadOnlyList<string> testStrings)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(testStrings);
        if (reference.Vocabulary.Count != candidate.Vocabulary.Count)
        {
            return TokenizerComparisonResult.Mismatch($"Vocabulary sizes differ: {reference.Vocabulary.Count} vs {candidate.Vocabulary.Count}.");
        }

        foreach ((string token, int id) in reference.Vocabulary)
        {
            if (!candidate.Vocabulary.TryGetValue(token, out int other) || other != id)
            {
                return TokenizerComparisonResult.Mismatch($"Vocabulary token \"{ModelSection.Shorten(token)}\" is id {id} in the reference but {(other == 0 && !candidate.Vocabulary.ContainsKey(token) ? "absent" : other.ToString(System.Globalization.CultureInfo.InvariantCulture))} in the candidate.");
            }
        }

        if (reference.Merges.Count != candidate.Merges.Count)
        {
            return TokenizerComparisonResult.Mismatch($"Merge counts differ: {reference.Merges.Count} vs {candidate.Merges.Count}.");
        }

        for (int i = 0; i < reference.Merges.Count; i++)
        {
            if (reference.Merges[i] != candidate.Merges[i])
            {
                return TokenizerComparisonResult.Mismatch($"Merge {i} differs: \"{reference.Merges[i].Left} {reference.Merges[i].Right}\" vs \"{candidate.Merges[i].Left} {candidate.Merges[i].Right}\".");
            }
        }

        if (reference.AddedTokens.Count != candidate.AddedTokens.Count)
        {
            return TokenizerComparisonResult.Mismatch($"Added token counts differ: {reference.AddedTokens.Count} vs {candidate.AddedTokens.Count}.");
        }

        for (int i = 0; i < reference.AddedTokens.Count; i++)
        {
            if (reference.AddedTokens[i] != candidate.AddedTokens[i])
            {
                return TokenizerComparisonResult.Mismatch($"Added token {i} differs: {reference.AddedTokens[i]} vs {candidate.AddedTokens[i]}.");
            }
        }

        for (int i = 0; i < testStrings.Count; i++)
        {
            IReadOnlyList<int> a = reference.Encode(testStrings[i]);
            IReadOnlyList<int> b = candidate.Encode(testStrings[i]);
            if (!a.SequenceEqual(b))
            {
                return TokenizerComparisonResult.Mismatch($"Test string {i} (\"{ModelSection.Shorten(testStrings[i])}\") encodes to [{string.Join(',', a.Take(16))}] in the reference but [{string.Join(',', b.Take(16))}] in the candidate.");
            }
        }

        return TokenizerComparisonResult.Match;
    }
}
