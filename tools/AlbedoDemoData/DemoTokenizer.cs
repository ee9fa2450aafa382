using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tournament.Tools.AlbedoDemoData;

/// <summary>
/// <c>albedo-demo-data tokenizer &lt;model folder&gt; &lt;chat template&gt; &lt;merges&gt; &lt;out folder&gt; &lt;conversations.jsonl&gt;…</c>:
/// a byte-level BPE tokenizer for the demo's decoders, learned on all the conversations the demo trains on. It keeps the model folder's byte
/// alphabet (the first 256 vocab entries), pre-tokenizer, decoder, special tokens and tokenizer_config.json (eos), sets
/// tokenizer_config.json's <c>chat_template</c> to the text of the given <c>.jinja</c> file (the sample's canonical one,
/// so the models pass the <c>chat-template</c> check), and replaces its merges with <c>merges</c> learned by plain BPE: split every message with the GPT-2 pattern (the
/// ByteLevel pre-tokenizer's), then repeatedly merge the most frequent adjacent pair (ties: ordinal order of the pair).
/// Common words and the THOUGHT / bash fence markers become single tokens, so a tiny model sees about three times fewer
/// positions per reply than with bytes: cheaper training and generation, and the reply format is easier to learn.
/// </summary>
internal static class DemoTokenizer
{
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static int Run(string[] args)
    {
        if (args.Length < 5 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 65_536)
        {
            Console.Error.WriteLine("usage: albedo-demo-data tokenizer <model folder> <chat template.jinja> <merges 1-65536> <out folder> <conversations.jsonl>...");
            return 2;
        }

        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(args[0], "tokenizer.json")))!.AsObject();
        var model = root["model"]!.AsObject();
        var alphabet = new string[256];
        foreach (var (token, id) in model["vocab"]!.AsObject())
        {
            if (id!.GetValue<int>() is var i and < 256)
            {
                alphabet[i] = token;
            }
        }

        var merges = Learn(Words(args[4..], alphabet), count);
        var vocab = new JsonObject();
        for (var b = 0; b < 256; b++)
        {
            vocab[alphabet[b]] = b;
        }

        foreach (var (left, right) in merges)
        {
            vocab.TryAdd(left + right, vocab.Count);
        }

        foreach (var special in root["added_tokens"]!.AsArray())
        {
            special!["id"] = vocab.Count + special.GetElementIndex();
        }

        model["vocab"] = vocab;
        model["merges"] = new JsonArray([.. merges.Select(m => (JsonNode)(m.Left + " " + m.Right))]);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(args[0], "tokenizer_config.json")))!.AsObject();
        config["chat_template"] = File.ReadAllText(args[1]);
        var indented = new JsonSerializerOptions { WriteIndented = true };
        Directory.CreateDirectory(args[3]);
        File.WriteAllText(Path.Combine(args[3], "tokenizer.json"), root.ToJsonString(indented) + "\n");
        File.WriteAllText(Path.Combine(args[3], "tokenizer_config.json"), config.ToJsonString(indented) + "\n");
        Console.WriteLine($"{merges.Count} merges learned; {vocab.Count + root["added_tokens"]!.AsArray().Count} tokens written to {args[3]}.");
        return 0;
    }

    /// <summary>Every pre-token of every message, as byte-alphabet symbols, with its count (in first-seen order).</summary>
    private static List<(List<string> Symbols, int Count)> Words(string[] conversations, string[] alphabet)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var line in conversations.SelectMany(File.ReadLines))
        {
            foreach (var message in JsonSerializer.Deserialize<List<Dictionary<string, string>>>(line)!)
            {
                foreach (Match word in Regex.Matches(message["content"], Gpt2Pattern, RegexOptions.CultureInvariant))
                {
                    if (!counts.TryAdd(word.Value, 1))
                    {
                        counts[word.Value]++;
                    }
                    else
                    {
                        order.Add(word.Value);
                    }
                }
            }
        }

        return [.. order.Select(w => (Encoding.UTF8.GetBytes(w).Select(b => alphabet[b]).ToList(), counts[w]))];
    }

    private static List<(string Left, string Right)> Learn(List<(List<string> Symbols, int Count)> words, int count)
    {
        var merges = new List<(string Left, string Right)>();
        while (merges.Count < count)
        {
            var pairs = new Dictionary<(string, string), long>();
            foreach (var (symbols, n) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    var key = (symbols[i], symbols[i + 1]);
                    pairs[key] = pairs.GetValueOrDefault(key) + n;
                }
            }

            if (pairs.Count == 0)
            {
                break;
            }

            var best = pairs.MaxBy(p => p.Value).Value;
            var pair = pairs.Where(p => p.Value == best).Select(p => p.Key)
                .Order(Comparer<(string A, string B)>.Create((x, y) => string.CompareOrdinal(x.A + "\u0000" + x.B, y.A + "\u0000" + y.B))).First();
            merges.Add(pair);
            foreach (var (symbols, _) in words)
            {
                for (var i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == pair.Item1 && symbols[i + 1] == pair.Item2)
                    {
                        symbols[i] = pair.Item1 + pair.Item2;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        return merges;
    }
}
