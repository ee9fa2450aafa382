using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tournament.Cli;
using Tournament.Inference.Models;
using Tournament.Inference.Tokenizers;
using static TorchSharp.torch;

namespace Tournament.Inference.Tooling.Commands;

/// <summary><c>tournament models logits DIR (--text T | --ids 1,2,3) [--top-k K] [--dtype f32] [--device cpu] [--json]</c>.</summary>
internal static class LogitsCommand
{
    public static Command Create(CommandContext context)
    {
        var dir = new Argument<DirectoryInfo>("dir") { Description = "HF model folder (config.json, *.safetensors, tokenizer.json)." };
        var text = new Option<string?>("--text") { Description = "Text to tokenise with the folder's tokenizer.json (no special tokens added)." };
        var ids = new Option<string?>("--ids") { Description = "Comma-separated token ids, instead of --text." };
        var topK = new Option<int>("--top-k") { Description = "How many ids and log-probs to print per position.", DefaultValueFactory = _ => 5 };
        var dtype = new Option<string>("--dtype") { Description = "bf16, f16 or f32.", DefaultValueFactory = _ => "f32" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("logits", "Print, per position, the top-k next-token ids and float32 log-probabilities of a model.")
        {
            dir, text, ids, topK, dtype, device, json,
        };
        command.SetAction((parse, _) => ModelsCommands.Run(context.Console, () =>
            Logits(parse.GetValue(dir)!, parse.GetValue(text), parse.GetValue(ids), parse.GetValue(topK), parse.GetValue(dtype)!, parse.GetValue(device)!, parse.GetValue(json))));
        return command;
    }

    /// <summary>The logits as one JSON document or as tab-separated lines (position, input id, id:log-prob pairs).</summary>
    private static string Logits(DirectoryInfo dir, string? text, string? idsText, int topK, string dtype, string device, bool asJson)
    {
        if ((text is null) == (idsText is null))
        {
            throw new ArgumentException("Give exactly one of --text or --ids.");
        }

        if (topK < 1)
        {
            throw new ArgumentException("--top-k must be at least 1.");
        }

        long[] tokens = text is not null
            ? [.. HfTokenizer.Load(dir.FullName).Encode(text, recognizeSpecialTokens: true, addSpecialTokens: false).Select(i => (long)i)]
            : ParseIds(idsText!);
        if (tokens.Length == 0)
        {
            throw new ArgumentException("The input has no tokens.");
        }

        using var model = DecoderModel.FromPretrained(dir.FullName, dtype, device);
        var k = Math.Min(topK, model.Config.VocabSize);
        if (tokens.Any(t => t < 0 || t >= model.Config.VocabSize))
        {
            throw new ArgumentException($"Token ids must be in [0, {model.Config.VocabSize}).");
        }

        using var scope = NewDisposeScope();
        using var forward = model.forward(new DecoderInput(tensor(tokens, [1, tokens.Length])));
        var (values, indices) = forward.Logits[0].to_type(ScalarType.Float32).log_softmax(-1).topk(k);
        var v = values.cpu().data<float>().ToArray();
        var ix = indices.cpu().data<long>().ToArray();
        var rows = Enumerable.Range(0, tokens.Length).Select(p => new
        {
            position = p,
            input_id = tokens[p],
            top_ids = ix.AsSpan(p * k, k).ToArray(),
            top_logprobs = v.AsSpan(p * k, k).ToArray(),
        }).ToList();
        if (asJson)
        {
            return JsonSerializer.Serialize(rows);
        }

        return string.Join(Environment.NewLine, rows.Select(r =>
        {
            var pairs = r.top_ids.Zip(r.top_logprobs, (id, lp) => string.Create(CultureInfo.InvariantCulture, $"{id}:{lp:F6}"));
            return string.Create(CultureInfo.InvariantCulture, $"{r.position}\t{r.input_id}\t{string.Join(' ', pairs)}");
        }));
    }

    private static long[] ParseIds(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException($"--ids: '{p}' is not a non-negative integer token id.")).ToArray();
    }
}
