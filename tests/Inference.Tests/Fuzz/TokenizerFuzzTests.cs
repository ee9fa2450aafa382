using System.Text;
using CsCheck;
using Tournament.Fuzzing;
using Tournament.Inference.Tests.Tokenizers;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Tests.Fuzz;

/// <summary>Issue 16: tokenizer.json comes from miners. Text round-trips through encode and decode; mutated files are
/// refused with <see cref="TokenizerFormatException"/> or <see cref="TokenizerNotSupportedException"/>, never another
/// exception (the duplicated merge line that blocked every round was one).</summary>
public sealed class TokenizerFuzzTests : IDisposable
{
    private static readonly Lazy<byte[]> Tiny = new(() => Encoding.UTF8.GetBytes(TinyTokenizerJson.Build().ToJsonString()));

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AnyText_RoundTripsThroughEncodeAndDecode()
    {
        var path = _folder.Combine("tokenizer.json");
        File.WriteAllBytes(path, Tiny.Value);
        var tokenizer = HfTokenizer.Load(path);
        string[] pieces = ["a", "Z", "7", "hello", " ", "  ", "\n", "\t", ".", "!?", "é", "ü", "你好", "😀", "e\u0301", "<tag>"];
        var text = Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[0, 24].Select(parts => string.Concat(parts).Normalize(NormalizationForm.FormC));
        new FuzzProperty("tokenizer/round-trip").Run(text, s => s.Length * 2, s =>
        {
            var ids = tokenizer.Encode(s, recognizeSpecialTokens: false);
            Assert.Equal(s, tokenizer.Decode(ids));
        }, ciIterations: 2_000);
    }

    [Fact]
    public void MutatedTokenizerFiles_AreRefusedWithTheTokenizerErrors()
    {
        var path = _folder.Combine("mutated.json");
        new FuzzProperty("tokenizer.json/mutated", typeof(TokenizerFormatException), typeof(TokenizerNotSupportedException))
            .Run(Mutations.Of(Tiny.Value), b => b.Length, bytes =>
            {
                File.WriteAllBytes(path, bytes);
                var tokenizer = HfTokenizer.Load(path);
                tokenizer.Decode(tokenizer.Encode("hello world <|end|>"));
            }, ciIterations: 1_500);
    }

    /// <summary>Found by the fuzzer (seed 3aI_vOYMvOb2): invalid UTF-8 inside a JSON string passed the parse and threw
    /// InvalidOperationException when the vocabulary was read.</summary>
    [Fact]
    public void TokenizerJsonWithInvalidUtf8InAString_IsRefusedWithTokenizerFormatException()
    {
        var path = _folder.Combine("bad-utf8.json");
        var json = Encoding.UTF8.GetString(Tiny.Value);
        var at = Encoding.UTF8.GetByteCount(json[..(json.IndexOf("\"he\"", StringComparison.Ordinal) + 1)]);
        File.WriteAllBytes(path, [.. Tiny.Value.AsSpan(0, at), 0xFE, .. Tiny.Value.AsSpan(at)]);

        var error = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(path));
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }
}
