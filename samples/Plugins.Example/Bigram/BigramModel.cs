using System.Globalization;
using System.Text.Json;

namespace Tournament.Samples.Example.Bigram;

/// <summary>
/// A character-bigram language model: <c>LogProbs[i][j] = log P(next = Symbols[j] | previous = Symbols[i])</c> in
/// nats. Stored as <c>bigram.json</c>: <c>{"format":"char-bigram/v1","alphabet":"a…z ","logProbs":[[27 numbers] × 27]}</c>.
/// </summary>
public sealed class BigramModel
{
    /// <summary>The file holding the model.</summary>
    public const string FileName = "bigram.json";

    /// <summary>The format tag.</summary>
    public const string Format = "char-bigram/v1";

    private readonly double[][] _logProbs;

    /// <summary>Creates a model from a 27×27 matrix of log-probabilities (not validated; use <see cref="TryParse"/> for files).</summary>
    /// <param name="logProbs">The matrix.</param>
    public BigramModel(double[][] logProbs)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        _logProbs = logProbs;
    }

    /// <summary>The matrix.</summary>
    public IReadOnlyList<IReadOnlyList<double>> LogProbs => _logProbs;

    /// <summary>
    /// The mean negative log-likelihood per transition of a text (cross-entropy in nats per character), after
    /// <see cref="BigramAlphabet.Normalize"/>; null when the normalised text has fewer than two characters.
    /// </summary>
    /// <param name="text">The text.</param>
    public double? CrossEntropy(string text)
    {
        var normalized = BigramAlphabet.Normalize(text);
        if (normalized.Length < 2)
        {
            return null;
        }

        double sum = 0;
        for (var i = 1; i < normalized.Length; i++)
        {
            sum -= _logProbs[BigramAlphabet.IndexOf(normalized[i - 1])][BigramAlphabet.IndexOf(normalized[i])];
        }

        return sum / (normalized.Length - 1);
    }

    /// <summary>Serialises the model as <c>bigram.json</c> (UTF-8, one row per line, invariant number format).</summary>
    public byte[] ToJson()
    {
        var rows = _logProbs.Select(row => "    [" + string.Join(", ", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]");
        var text = "{\n  \"format\": \"" + Format + "\",\n  \"alphabet\": \"" + BigramAlphabet.Symbols + "\",\n  \"logProbs\": [\n"
            + string.Join(",\n", rows) + "\n  ]\n}\n";
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Parses and validates <c>bigram.json</c>.</summary>
    /// <param name="json">The file's bytes.</param>
    /// <param name="maxBytes">The largest accepted file.</param>
    /// <param name="tolerance">How far a row's total probability may be from 1.</param>
    /// <param name="model">The model when valid.</param>
    /// <param name="error">One sentence naming the problem when invalid.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> json, long maxBytes, double tolerance, out BigramModel? model, out string? error)
    {
        model = null;
        if (json.Length > maxBytes)
        {
            error = $"{FileName} is {json.Length} bytes; at most {maxBytes} are allowed.";
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            using var doc = JsonDocument.ParseValue(ref reader);
            return TryRead(doc.RootElement, tolerance, out model, out error);
        }
        catch (JsonException ex)
        {
            error = $"{FileName} is not valid JSON: {ex.Message}";
            return false;
        }
    }

    private static bool TryRead(JsonElement root, double tolerance, out BigramModel? model, out string? error)
    {
        model = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"{FileName} must be a JSON object.";
            return false;
        }

        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
        {
            error = $"{FileName} must have \"format\": \"{Format}\".";
            return false;
        }

        if (!root.TryGetProperty("alphabet", out var alphabet) || alphabet.ValueKind != JsonValueKind.String || alphabet.GetString() != BigramAlphabet.Symbols)
        {
            error = $"{FileName} must have \"alphabet\": \"{BigramAlphabet.Symbols}\" (a-z and space, in that order).";
            return false;
        }

        if (!root.TryGetProperty("logProbs", out var matrix) || matrix.ValueKind != JsonValueKind.Array || matrix.GetArrayLength() != BigramAlphabet.Size)
        {
            error = $"{FileName} must have \"logProbs\": an array of {BigramAlphabet.Size} rows.";
            return false;
        }

        var rows = new double[BigramAlphabet.Size][];
        var i = 0;
        foreach (var row in matrix.EnumerateArray())
        {
            var label = BigramAlphabet.Symbols[i] == ' ' ? "space" : BigramAlphabet.Symbols[i].ToString();
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != BigramAlphabet.Size)
            {
                error = $"{FileName}: row '{label}' must be an array of {BigramAlphabet.Size} numbers.";
                return false;
            }

            rows[i] = new double[BigramAlphabet.Size];
            var j = 0;
            foreach (var cell in row.EnumerateArray())
            {
                if (cell.ValueKind != JsonValueKind.Number || !cell.TryGetDouble(out var value) || !double.IsFinite(value) || value > 0)
                {
                    error = $"{FileName}: row '{label}' column {j} must be a finite log-probability (a number ≤ 0).";
                    return false;
                }

                rows[i][j++] = value;
            }

            var total = rows[i].Sum(Math.Exp);
            if (Math.Abs(total - 1) > tolerance)
            {
                error = $"{FileName}: row '{label}' sums to probability {total.ToString("G6", CultureInfo.InvariantCulture)}; each row must sum to 1 (±{tolerance.ToString(CultureInfo.InvariantCulture)}).";
                return false;
            }

            i++;
        }

        model = new BigramModel(rows);
        error = null;
        return true;
    }
}
