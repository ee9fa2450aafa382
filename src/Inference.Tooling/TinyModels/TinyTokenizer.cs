using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>
/// A small but valid HF byte-level BPE <c>tokenizer.json</c>: the 256 byte tokens (GPT-2 byte-to-unicode spelling,
/// id = byte value), a few merges appended after them, and three special tokens after those.
/// </summary>
internal static class TinyTokenizer
{
    public const string EndOfText = "<|endoftext|>";

    private static readonly string[][] Merges =
    [
        ["Ġ", "t"], ["h", "e"], ["i", "n"], ["r", "e"], ["o", "n"], ["Ġt", "he"], ["e", "r"], ["Ġ", "a"], ["a", "t"], ["Ġ", "s"],
        ["e", "n"], ["o", "r"], ["Ġ", "w"], ["i", "s"], ["Ġ", "c"], ["e", "s"],
    ];

    private static readonly string[] Specials = [EndOfText, "<|im_start|>", "<|im_end|>"];

    /// <summary>The size of the generated vocabulary, special tokens included.</summary>
    public static int VocabSize => 256 + Merges.Length + Specials.Length;

    /// <summary>The id of <see cref="EndOfText"/>.</summary>
    public static int EndOfTextId => 256 + Merges.Length;

    public static string ByteToUnicode(int b)
    {
        var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        if (printable)
        {
            return ((char)b).ToString();
        }

        var n = 0;
        for (var i = 0; i < b; i++)
        {
            var p = (i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF);
            if (!p)
            {
                n++;
            }
        }

        return ((char)(256 + n)).ToString();
    }

    public static string TokenizerJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");
            w.WriteStartArray("added_tokens");
            for (var i = 0; i < Specials.Length; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("id", EndOfTextId + i);
                w.WriteString("content", Specials[i]);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", true);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNull("normalizer");
            WriteByteLevel(w, "pre_tokenizer", trimOffsets: true);
            WriteByteLevel(w, "post_processor", trimOffsets: false);
            WriteByteLevel(w, "decoder", trimOffsets: true);
            w.WriteStartObject("model");
            w.WriteString("type", "BPE");
            w.WriteNull("dropout");
            w.WriteNull("unk_token");
            w.WriteNull("continuing_subword_prefix");
            w.WriteNull("end_of_word_suffix");
            w.WriteBoolean("fuse_unk", false);
            w.WriteBoolean("byte_fallback", false);
            w.WriteBoolean("ignore_merges", false);
            w.WriteStartObject("vocab");
            for (var b = 0; b < 256; b++)
            {
                w.WriteNumber(ByteToUnicode(b), b);
            }

            for (var i = 0; i < Merges.Length; i++)
            {
                w.WriteNumber(Merges[i][0] + Merges[i][1], 256 + i);
            }

            w.WriteEndObject();
            w.WriteStartArray("merges");
            foreach (var m in Merges)
            {
                w.WriteStringValue(m[0] + " " + m[1]);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    public static string TokenizerConfigJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteBoolean("add_prefix_space", false);
            w.WriteNull("bos_token");
            w.WriteString("chat_template", "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}");
            w.WriteBoolean("clean_up_tokenization_spaces", false);
            w.WriteString("eos_token", EndOfText);
            w.WriteNumber("model_max_length", 2048);
            w.WriteString("pad_token", EndOfText);
            w.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static void WriteByteLevel(Utf8JsonWriter w, string name, bool trimOffsets)
    {
        w.WriteStartObject(name);
        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", false);
        w.WriteBoolean("trim_offsets", trimOffsets);
        w.WriteBoolean("use_regex", true);
        w.WriteEndObject();
    }
}
