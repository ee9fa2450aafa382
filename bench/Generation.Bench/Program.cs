using System.Diagnostics;
using System.Globalization;
using Tournament.Abstractions;
using Tournament.Inference.Generation;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.Inference.Torch;
using Tournament.Inference.Training;
using static TorchSharp.torch;

// Generation.Bench: batched generation at batch 1, 8, 32 against the one-prompt path, and trainer tokens/s against
// a no-grad forward over the same batches; one tiny Qwen3, CPU, ratios from one run. Usage:
//   dotnet run -c Release --project bench/Generation.Bench [-- --threads N] [--prompts 32] [--new-tokens 24]
TorchRuntime.EnsureLoaded();
var threads = Arg("--threads", 0);
if (threads > 0)
{
    set_num_threads(threads);
}

int prompts = Arg("--prompts", 32), newTokens = Arg("--new-tokens", 24);
var folder = Directory.CreateTempSubdirectory("generation-bench").FullName;
try
{
    TinyModelGenerator.Generate(new TinyModelSpec { Architecture = ModelArchitecture.Qwen3, HiddenSize = 256, Layers = 4, Heads = 8, KvHeads = 4, IntermediateSize = 768, Seed = 1, InitStd = 0.2 }, folder);
    using var model = DecoderModel.FromPretrained(folder);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"threads={get_num_threads()} cores={Environment.ProcessorCount} model: Qwen3 hidden=256 layers=4 vocab={model.Config.VocabSize}; {prompts} prompts of 8-24 tokens, {newTokens} new tokens each, T=0.8 top-p 0.95, top-8 log-probs"));
    var round = RoundSeed.FromBlockHash("0xbe9c");
    var rng = new Random(3);
    var requests = Enumerable.Range(0, prompts)
        .Select(i => new GenerationRequest([.. Enumerable.Range(0, 8 + (i % 17)).Select(_ => (long)rng.Next(model.Config.VocabSize))], round.Derive($"bench/{i}").ToUInt64()))
        .ToArray();
    var options = new GenerationOptions { MaxNewTokens = newTokens, Temperature = 0.8, TopP = 0.95, TopLogProbs = 8, EosTokenIds = [] };
    // Warm both paths (JIT, allocator) before timing either.
    TextGenerator.GenerateBatch(model, requests[..2], options with { MaxNewTokens = 8 });
    TextGenerator.Generate(model, requests[0].PromptIds, options with { MaxNewTokens = 8 });

    var single = Rate(() => requests.Sum(r => TextGenerator.Generate(model, r.PromptIds, options with { Seed = r.Seed }).CompletionTokens));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one-prompt path:  {single,8:F0} tokens/s  (ratio 1.00)"));
    foreach (var batch in new[] { 1, 8, 32 })
    {
        var rate = Rate(() => requests.Chunk(batch).Sum(chunk => TextGenerator.GenerateBatch(model, chunk, options).Sum(r => r.CompletionTokens)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batch,2}:         {rate,8:F0} tokens/s  (ratio {rate / single:F2})"));
    }

    Train(model);
}
finally
{
    Directory.Delete(folder, recursive: true);
}

void Train(DecoderModel model)
{
    var rng = new Random(5);
    var examples = Enumerable.Range(0, 64).Select(_ =>
    {
        var ids = Enumerable.Range(0, 128).Select(_ => (long)rng.Next(model.Config.VocabSize)).ToArray();
        return new TrainingExample(ids, [.. ids.Select((_, t) => t >= 64)]);
    }).ToArray();
    var forward = Rate(() =>
    {
        foreach (var batch in examples.Chunk(8))
        {
            using var scope = NewDisposeScope();
            TrainingLoss.Sum(model, batch);
        }

        return examples.Sum(e => e.Ids.Length);
    });
    var last = Trainer.Train(model, examples, new TrainerOptions { LearningRate = 1e-4, Epochs = 1, MicroBatchSize = 8 }, TimeProvider.System);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"trainer (SFT, 8 x 128 tokens per step, AdamW, clip 1.0): {last.TokensPerSecond:F0} tokens/s; no-grad forward + loss on the same batches: {forward:F0} tokens/s (ratio {last.TokensPerSecond / forward:F2})"));
}

static double Rate(Func<int> run)
{
    var watch = Stopwatch.StartNew();
    var tokens = run();
    return tokens / watch.Elapsed.TotalSeconds;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
