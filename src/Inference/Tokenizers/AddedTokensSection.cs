using System.Text.Json;

namespace Tournament.Inference.Tokenizers;

/// <summary>Parses <c>added_tokens</c> and checks them against the model vocabulary.</summary>
internal static class AddedTokensSection
{
    public static List<AddedToken> Parse(JsonElement root, JsonFields f, Dictionary<string, int> vocab)
    {
        List<AddedToken> result = [];
        if (JsonFields.Optional(root, "added_tokens") is not { } arr)
        {
            return result;
        }

        Dictionary<int, string> vocabById = vocab.ToDictionary(kv => kv.Value, kv => kv.Key);
        Dictionary<int, string> seenIds = [];
        HashSet<string> seenContent = new(StringComparer.Ordinal);
        int i = 0;
        foreach (JsonElement el in f.Array(arr, "added_tokens").EnumerateArray())
        {
            string path = $"added_tokens[{i++}]";
            f.Object(el, path);
            int id = f.Int(f.Required(el, "id", $"{path}.id"), $"{path}.id");
            string content = f.String(f.Required(el, "content", $"{path}.content"), $"{path}.content");
            if (content.Length == 0)
            {
                throw f.Error($"{path}.content", "is empty; an added token needs text.");
            }

            if (!seenIds.TryAdd(id, content) || !seenContent.Add(content))
            {
                throw f.Error(path, $"\"{ModelSection.Shorten(content)}\" (id {id}) duplicates another added token's id or content.");
            }

            if (vocabById.TryGetValue(id, out string? existing) && existing != content)
            {
                throw f.Error($"{path}.id", $"id {id} is already the vocabulary token \"{ModelSection.Shorten(existing)}\"; an added token must not steal a vocabulary id.");
            }

            if (vocab.TryGetValue(content, out int vocabId) && vocabId != id)
            {
                throw f.Error($"{path}.content", $"\"{ModelSection.Shorten(content)}\" is vocabulary id {vocabId}, not {id}.");
            }

            result.Add(new AddedToken(id, content,
                f.Bool(el, "special", path), f.Bool(el, "lstrip", path), f.Bool(el, "rstrip", path),
                f.Bool(el, "normalized", path, fallback: true), f.Bool(el, "single_word", path)));
        }

        return result;
    }
}
