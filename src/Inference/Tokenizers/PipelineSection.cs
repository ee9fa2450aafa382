using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tournament.Inference.Tokenizers;

/// <summary>The parsed normalizer, pre-tokenizer, decoder and post-processor of a tokenizer.json.</summary>
internal sealed record PipelineSection(
    IReadOnlyList<NormalizationForm> Normalization,
    IReadOnlyList<IPreTokenizerStep> PreTokenizers,
    IReadOnlyList<string> PrefixTokens,
    IReadOnlyList<string> SuffixTokens)
{
    public static PipelineSection Parse(JsonElement root, JsonFields f, HfTokenizerOptions options)
    {
        List<NormalizationForm> forms = [];
        if (JsonFields.Optional(root, "normalizer") is { } n)
        {
            ParseNormalizer(n, "normalizer", f, forms);
        }

        List<IPreTokenizerStep> steps = [];
        int byteLevel = 0;
        if (JsonFields.Optional(root, "pre_tokenizer") is { } p)
        {
            ParsePreTokenizer(p, "pre_tokenizer", f, options, steps, ref byteLevel);
        }

        if (byteLevel != 1)
        {
            throw f.NotSupported("pre_tokenizer", byteLevel == 0 ? "a pre-tokenizer without a ByteLevel step" : "several ByteLevel steps");
        }

        JsonElement decoder = f.Object(f.Required(root, "decoder", "decoder"), "decoder");
        string decoderType = f.String(f.Required(decoder, "type", "decoder.type"), "decoder.type");
        if (decoderType != "ByteLevel")
        {
            throw f.NotSupported("decoder.type", $"a '{decoderType}' decoder");
        }

        List<string> prefix = [], suffix = [];
        if (JsonFields.Optional(root, "post_processor") is { } pp)
        {
            ParsePostProcessor(pp, "post_processor", f, prefix, suffix);
        }

        return new PipelineSection(forms, steps, prefix, suffix);
    }

    private static void ParseNormalizer(JsonElement el, string path, JsonFields f, List<NormalizationForm> forms)
    {
        string type = f.String(f.Required(f.Object(el, path), "type", $"{path}.type"), $"{path}.type");
        switch (type)
        {
            case "NFC": forms.Add(NormalizationForm.FormC); break;
            case "NFD": forms.Add(NormalizationForm.FormD); break;
            case "NFKC": forms.Add(NormalizationForm.FormKC); break;
            case "NFKD": forms.Add(NormalizationForm.FormKD); break;
            case "Sequence":
                int i = 0;
                foreach (JsonElement child in f.Array(f.Required(el, "normalizers", $"{path}.normalizers"), $"{path}.normalizers").EnumerateArray())
                {
                    ParseNormalizer(child, $"{path}.normalizers[{i++}]", f, forms);
                }

                break;
            default: throw f.NotSupported($"{path}.type", $"the '{type}' normalizer");
        }
    }

    private static void ParsePreTokenizer(JsonElement el, string path, JsonFields f, HfTokenizerOptions options, List<IPreTokenizerStep> steps, ref int byteLevel)
    {
        string type = f.String(f.Required(f.Object(el, path), "type", $"{path}.type"), $"{path}.type");
        switch (type)
        {
            case "Sequence":
                int i = 0;
                foreach (JsonElement child in f.Array(f.Required(el, "pretokenizers", $"{path}.pretokenizers"), $"{path}.pretokenizers").EnumerateArray())
                {
                    ParsePreTokenizer(child, $"{path}.pretokenizers[{i++}]", f, options, steps, ref byteLevel);
                }

                break;
            case "Split":
                steps.Add(ParseSplit(el, path, f, options));
                break;
            case "ByteLevel":
                byteLevel++;
                SplitStep? gpt2 = f.Bool(el, "use_regex", path, fallback: true)
                    ? new SplitStep(CompileChecked(ByteLevelStep.Gpt2Pattern, $"{path}.use_regex", f, options), SplitBehavior.Isolated, false, f.File, $"{path}.use_regex")
                    : null;
                steps.Add(new ByteLevelStep(f.Bool(el, "add_prefix_space", path, fallback: true), gpt2));
                break;
            default: throw f.NotSupported($"{path}.type", $"the '{type}' pre-tokenizer");
        }
    }

    private static SplitStep ParseSplit(JsonElement el, string path, JsonFields f, HfTokenizerOptions options)
    {
        JsonElement pattern = f.Object(f.Required(el, "pattern", $"{path}.pattern"), $"{path}.pattern");
        string regex = f.OptionalString(pattern, "Regex", $"{path}.pattern") is { } r ? r
            : f.OptionalString(pattern, "String", $"{path}.pattern") is { } s ? Regex.Escape(s)
            : throw f.Error($"{path}.pattern", "must hold \"Regex\" or \"String\".");
        string behavior = f.String(f.Required(el, "behavior", $"{path}.behavior"), $"{path}.behavior");
        SplitBehavior b = behavior switch
        {
            "Isolated" => SplitBehavior.Isolated,
            "Removed" => SplitBehavior.Removed,
            _ => throw f.NotSupported($"{path}.behavior", $"the '{behavior}' split behavior"),
        };
        return new SplitStep(CompileChecked(regex, $"{path}.pattern", f, options), b, f.Bool(el, "invert", path), f.File, $"{path}.pattern");
    }

    /// <summary>Compiles a pattern and runs it on adversarial probes so a catastrophic pattern fails at load time.</summary>
    private static Regex CompileChecked(string pattern, string path, JsonFields f, HfTokenizerOptions options)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, options.RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new TokenizerFormatException(f.File, path, $"is not a valid regular expression ({ex.Message}).", ex);
        }

        SplitStep probe = new(regex, SplitBehavior.Isolated, false, f.File, path);
        List<string> sink = [];
        foreach (string text in (string[])[new string('a', 4096) + "!", string.Concat(Enumerable.Repeat("a ", 2048)) + "\u0001", new string(' ', 4096) + "x", new string('1', 4096) + "!"])
        {
            sink.Clear();
            probe.Apply(text, sink);
        }

        return regex;
    }

    private static void ParsePostProcessor(JsonElement el, string path, JsonFields f, List<string> prefix, List<string> suffix)
    {
        string type = f.String(f.Required(f.Object(el, path), "type", $"{path}.type"), $"{path}.type");
        switch (type)
        {
            case "ByteLevel": break;
            case "Sequence":
                int i = 0;
                foreach (JsonElement child in f.Array(f.Required(el, "processors", $"{path}.processors"), $"{path}.processors").EnumerateArray())
                {
                    ParsePostProcessor(child, $"{path}.processors[{i++}]", f, prefix, suffix);
                }

                break;
            case "TemplateProcessing":
                bool seenSequence = false;
                int j = 0;
                foreach (JsonElement piece in f.Array(f.Required(el, "single", $"{path}.single"), $"{path}.single").EnumerateArray())
                {
                    string piecePath = $"{path}.single[{j++}]";
                    if (JsonFields.Optional(piece, "SpecialToken") is { } st)
                    {
                        (seenSequence ? suffix : prefix).Add(f.String(f.Required(st, "id", $"{piecePath}.SpecialToken.id"), $"{piecePath}.SpecialToken.id"));
                    }
                    else if (JsonFields.Optional(piece, "Sequence") is not null)
                    {
                        seenSequence = true;
                    }
                    else
                    {
                        throw f.Error(piecePath, "must be a SpecialToken or a Sequence.");
                    }
                }

                break;
            default: throw f.NotSupported($"{path}.type", $"the '{type}' post-processor");
        }
    }
}
