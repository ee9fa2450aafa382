using System.Text.Json;

namespace Tournament.Inference.Tokenizers;

/// <summary>What <c>tournament tokenize</c> does, kept out of the CLI so it can be tested.</summary>
public static class TokenizeRunner
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Encodes <paramref name="text"/> with the tokenizer at <paramref name="tokenizerPath"/> and writes ids,
    /// tokens and the round-trip decode. Returns the process exit code: 0 on success, 2 when the tokenizer cannot be
    /// loaded (the reason goes to <paramref name="error"/>).</summary>
    public static int Run(string tokenizerPath, string text, bool json, bool recognizeSpecialTokens, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        HfTokenizer tokenizer;
        try
        {
            tokenizer = HfTokenizer.Load(tokenizerPath);
        }
        catch (Exception ex) when (ex is TokenizerFormatException or TokenizerNotSupportedException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(ex.Message);
            return 2;
        }

        int[] ids = [.. tokenizer.Encode(text, recognizeSpecialTokens)];
        string[] tokens = [.. ids.Select(id => tokenizer.IdToToken(id) ?? "?")];
        string decoded = tokenizer.Decode(ids);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new { tokenizer = tokenizer.SourcePath, count = ids.Length, ids, tokens, decoded }, JsonOptions));
        }
        else
        {
            output.WriteLine($"tokenizer: {tokenizer.SourcePath} ({tokenizer.VocabularySize} ids)");
            output.WriteLine($"count: {ids.Length}");
            output.WriteLine($"ids: {string.Join(' ', ids)}");
            output.WriteLine($"tokens: {string.Join(' ', tokens.Select(t => JsonSerializer.Serialize(t, JsonOptions)))}");
            output.WriteLine($"round trip: {(decoded == text ? "exact" : "differs (normalization or invalid UTF-16)")}");
        }

        return 0;
    }
}
