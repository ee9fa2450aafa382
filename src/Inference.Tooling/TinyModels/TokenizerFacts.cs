using System.Text.Json;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>The vocabulary size (highest id + 1) and end-of-text id of a HF tokenizer.json, for sizing a generated model.</summary>
internal static class TokenizerFacts
{
    private const long MaxBytes = 256L << 20;

    public static (int VocabSize, int? EosId) Read(string tokenizerJsonPath, string? eosToken)
    {
        if (!File.Exists(tokenizerJsonPath))
        {
            throw new FileNotFoundException($"{tokenizerJsonPath} is missing; the tokenizer folder must contain a HF tokenizer.json.", tokenizerJsonPath);
        }

        if (new FileInfo(tokenizerJsonPath).Length > MaxBytes)
        {
            throw new InvalidDataException($"{tokenizerJsonPath} is over {MaxBytes} bytes; that is not a tokenizer.");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath), new JsonDocumentOptions { MaxDepth = 64 });
            var max = -1L;
            int? eos = null;
            if (doc.RootElement.TryGetProperty("model", out var model) && model.TryGetProperty("vocab", out var vocab) && vocab.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in vocab.EnumerateObject())
                {
                    var id = entry.Value.GetInt64();
                    max = Math.Max(max, id);
                    if (entry.Name == eosToken)
                    {
                        eos = (int)id;
                    }
                }
            }

            if (doc.RootElement.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
            {
                foreach (var token in added.EnumerateArray())
                {
                    var id = token.GetProperty("id").GetInt64();
                    max = Math.Max(max, id);
                    if (token.GetProperty("content").GetString() == eosToken)
                    {
                        eos = (int)id;
                    }
                }
            }

            if (max < 0 || max >= int.MaxValue)
            {
                throw new InvalidDataException($"{tokenizerJsonPath}: no usable token ids in model.vocab or added_tokens.");
            }

            return ((int)max + 1, eos);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InvalidDataException($"{tokenizerJsonPath} is not a readable HF tokenizer.json ({ex.Message}).", ex);
        }
    }

    public static string? EosToken(string tokenizerConfigPath)
    {
        if (!File.Exists(tokenizerConfigPath) || new FileInfo(tokenizerConfigPath).Length > MaxBytes)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(tokenizerConfigPath), new JsonDocumentOptions { MaxDepth = 64 });
            return doc.RootElement.TryGetProperty("eos_token", out var eos) ? eos.ValueKind switch
            {
                JsonValueKind.String => eos.GetString(),
                JsonValueKind.Object when eos.TryGetProperty("content", out var c) => c.GetString(),
                _ => null,
            } : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
