namespace Tournament.Samples.Example.Bigram;

/// <summary>
/// Trains a character-bigram model with add-k smoothing: <c>P(j | i) = (count(i, j) + k) / (count(i) + 27k)</c>,
/// stored rounded to 6 decimals. Deterministic: the sample models in <c>samples/example-local/models</c> are made with it.
/// </summary>
public static class BigramTrainer
{
    /// <summary>Trains on the given texts (each normalised separately; no transition crosses two texts).</summary>
    /// <param name="texts">The training texts.</param>
    /// <param name="smoothing">The add-k constant (&gt; 0).</param>
    public static BigramModel Train(IEnumerable<string> texts, double smoothing)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(smoothing);
        var counts = new double[BigramAlphabet.Size, BigramAlphabet.Size];
        foreach (var text in texts)
        {
            var normalized = BigramAlphabet.Normalize(text);
            for (var i = 1; i < normalized.Length; i++)
            {
                counts[BigramAlphabet.IndexOf(normalized[i - 1]), BigramAlphabet.IndexOf(normalized[i])]++;
            }
        }

        var rows = new double[BigramAlphabet.Size][];
        for (var i = 0; i < BigramAlphabet.Size; i++)
        {
            double total = 0;
            for (var j = 0; j < BigramAlphabet.Size; j++)
            {
                total += counts[i, j] + smoothing;
            }

            rows[i] = new double[BigramAlphabet.Size];
            for (var j = 0; j < BigramAlphabet.Size; j++)
            {
                rows[i][j] = Math.Round(Math.Log((counts[i, j] + smoothing) / total), 6);
            }
        }

        return new BigramModel(rows);
    }

    /// <summary>The uniform model: every transition has probability 1/27.</summary>
    public static BigramModel Uniform() =>
        new([.. Enumerable.Range(0, BigramAlphabet.Size).Select(_ => Enumerable.Repeat(Math.Round(-Math.Log(BigramAlphabet.Size), 6), BigramAlphabet.Size).ToArray())]);
}
