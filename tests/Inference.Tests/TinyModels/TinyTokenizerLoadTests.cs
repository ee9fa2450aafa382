using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using Tournament.Inference.Tooling.TinyModels;

namespace Tournament.Inference.Tests.TinyModels;

public sealed class TinyTokenizerLoadTests
{
    [Fact]
    public void GeneratedTokenizer_LoadsIntoByteLevelBpe_AndRoundTripsText()
    {
        using var doc = JsonDocument.Parse(TinyTokenizer.TokenizerJson());
        var model = doc.RootElement.GetProperty("model");
        var vocab = model.GetProperty("vocab").EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())).ToArray();
        var specials = doc.RootElement.GetProperty("added_tokens").EnumerateArray().ToDictionary(t => t.GetProperty("content").GetString()!, t => t.GetProperty("id").GetInt32());
        var tokenizer = BpeTokenizer.Create(new BpeOptions(vocab)
        {
            Merges = model.GetProperty("merges").EnumerateArray().Select(m => m.GetString()!).ToArray(),
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(new Regex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.None, TimeSpan.FromSeconds(10)), specials),
            SpecialTokens = specials,
        });

        var letters = "abcdefghijklmnopqrstuvwxyz ";
        var text = new string(Enumerable.Range(0, 200).Select(_ => letters[Random.Shared.Next(letters.Length)]).ToArray()) + " the é€";
        var ids = tokenizer.EncodeToIds(text);

        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.Contains(vocab.Single(p => p.Key == "Ġthe").Value, ids);
        Assert.All(ids, id => Assert.InRange(id, 0, TinyTokenizer.VocabSize - 1));
    }
}
