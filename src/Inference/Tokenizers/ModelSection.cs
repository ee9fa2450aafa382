using System.Text.Json;

namespace Tournament.Inference.Tokenizers;

/// <summary>The parsed <c>model</c> section of a byte-level BPE tokenizer.json.</summary>
internal sealed record ModelSection(Dictionary<string, int> Vocabulary, List<(string Left, string Right)> Merges, bool IgnoreMerges)
{
    public static ModelSection Parse(JsonElement root, JsonFields f)
    {
        JsonElement model = f.Object(f.Required(root, "model", "model"), "model");
        string type = f.OptionalString(model, "type", "model") ?? "BPE";
        if (type != "BPE")
        {
            throw f.NotSupported("model.type", $"a '{type}' model");
        }

        if (f.Bool(model, "byte_fallback", "model"))
        {
            throw f.NotSupported("model.byte_fallback", "byte_fallback = true (SentencePiece-style BPE)");
        }

        if (!string.IsNullOrEmpty(f.OptionalString(model, "continuing_subword_prefix", "model")))
        {
            throw f.NotSupported("model.continuing_subword_prefix", "a continuing-subword prefix");
        }

        if (!string.IsNullOrEmpty(f.OptionalString(model, "end_of_word_suffix", "model")))
        {
            throw f.NotSupported("model.end_of_word_suffix", "an end-of-word suffix");
        }

        if (JsonFields.Optional(model, "dropout") is { } dropout && !(dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() == 0))
        {
            throw f.NotSupported("model.dropout", "BPE dropout");
        }

        Dictionary<string, int> vocab = ParseVocabulary(f.Object(f.Required(model, "vocab", "model.vocab"), "model.vocab"), f);
        List<(string, string)> merges = ParseMerges(f.Array(f.Required(model, "merges", "model.merges"), "model.merges"), vocab, f);
        return new ModelSection(vocab, merges, f.Bool(model, "ignore_merges", "model"));
    }

    private static Dictionary<string, int> ParseVocabulary(JsonElement vocabEl, JsonFields f)
    {
        Dictionary<string, int> vocab = new(StringComparer.Ordinal);
        Dictionary<int, string> byId = [];
        foreach (JsonProperty p in vocabEl.EnumerateObject())
        {
            string path = $"model.vocab[\"{Shorten(p.Name)}\"]";
            int id = f.Int(p.Value, path);
            if (!vocab.TryAdd(p.Name, id))
            {
                throw f.Error(path, "appears twice in the vocabulary; the file is corrupt.");
            }

            if (!byId.TryAdd(id, p.Name))
            {
                throw f.Error(path, $"reuses id {id}, already given to \"{Shorten(byId[id])}\"; every token needs its own id.");
            }
        }

        if (vocab.Count == 0)
        {
            throw f.Error("model.vocab", "is empty; the file is incomplete.");
        }

        return vocab;
    }

    private static List<(string, string)> ParseMerges(JsonElement mergesEl, Dictionary<string, int> vocab, JsonFields f)
    {
        List<(string, string)> merges = new(mergesEl.GetArrayLength());
        Dictionary<(string, string), int> firstAt = [];
        int i = 0;
        foreach (JsonElement m in mergesEl.EnumerateArray())
        {
            string path = $"model.merges[{i}]";
            (string left, string right) = m.ValueKind switch
            {
                JsonValueKind.String => SplitLegacy(f.String(m, path), path, f),
                JsonValueKind.Array when m.GetArrayLength() == 2 => (f.String(m[0], $"{path}[0]"), f.String(m[1], $"{path}[1]")),
                _ => throw f.Error(path, "must be \"left right\" or [\"left\", \"right\"]."),
            };

            if (left.Contains(' ', StringComparison.Ordinal) || right.Contains(' ', StringComparison.Ordinal))
            {
                throw f.NotSupported(path, "a merge whose tokens contain a raw space");
            }

            foreach (string part in (string[])[left, right, left + right])
            {
                if (!vocab.ContainsKey(part))
                {
                    throw f.Error(path, $"references \"{Shorten(part)}\", which is not in model.vocab; merges and vocabulary do not belong together.");
                }
            }

            // A repeated merge has no rank of its own (reference implementations silently keep one of the two): refuse it.
            if (!firstAt.TryAdd((left, right), i))
            {
                throw f.Error(path, $"repeats the merge \"{Shorten(left)} {Shorten(right)}\" of model.merges[{firstAt[(left, right)]}]; every merge appears once, so the file is corrupt.");
            }

            merges.Add((left, right));
            i++;
        }

        return merges;
    }

    private static (string, string) SplitLegacy(string merge, string path, JsonFields f)
    {
        string[] parts = merge.Split(' ');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? (parts[0], parts[1])
            : throw f.Error(path, $"\"{Shorten(merge)}\" must hold exactly two tokens separated by one space.");
    }

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
