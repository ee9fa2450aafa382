using System.Text.Json.Nodes;

namespace Tournament.Inference.Tests.Tokenizers;

/// <summary>Builds small byte-level BPE tokenizer.json documents (all 256 byte tokens plus a few merges) that tests
/// mutate into malformed or hostile variants.</summary>
internal static class TinyTokenizerJson
{
    public static JsonObject Build(bool arrayMerges = false)
    {
        JsonObject vocab = [];
        int id = 0;
        for (int b = 0; b < 256; b++)
        {
            vocab[Tournament.Inference.Tokenizers.ByteLevelAlphabet.CharOf((byte)b).ToString()] = id++;
        }

        foreach (string t in (string[])["he", "ll", "hell", "hello", "Ġw", "Ġwor"])
        {
            vocab[t] = id++;
        }

        (string, string)[] merges = [("h", "e"), ("l", "l"), ("he", "ll"), ("hell", "o"), ("Ġ", "w"), ("Ġw", "or")];
        vocab["or"] = id++;
        merges = [.. merges.Take(4), ("o", "r"), .. merges.Skip(4)];
        JsonArray mergeArray = [.. merges.Select(m => arrayMerges ? (JsonNode)new JsonArray(m.Item1, m.Item2) : JsonValue.Create($"{m.Item1} {m.Item2}"))];
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(
                new JsonObject { ["id"] = id, ["content"] = "<|end|>", ["special"] = true, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["single_word"] = false },
                new JsonObject { ["id"] = id + 1, ["content"] = "<tag>", ["special"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["single_word"] = false }),
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = @" ?\p{L}+| ?\p{N}|\s+(?!\S)|\s+| ?[^\s\p{L}\p{N}]+" }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false }),
            },
            ["post_processor"] = new JsonObject { ["type"] = "ByteLevel" },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = mergeArray },
        };
    }

    public static string Write(JsonNode node, string folder, string name = "tokenizer.json")
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }
}
