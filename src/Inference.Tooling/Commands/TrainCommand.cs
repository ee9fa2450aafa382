using System.CommandLine;
using System.Globalization;
using Tournament.Cli;
using Tournament.Inference.Models;
using Tournament.Inference.Tokenizers;
using Tournament.Inference.Training;

namespace Tournament.Inference.Tooling.Commands;

/// <summary>
/// <c>tournament models train --model DIR --out DIR (--data CHATS.jsonl | --teacher TOPK.jsonl) [...]</c>: SFT on chat
/// conversations (loss on assistant tokens, ChatML rendering) or KL distillation from teacher top-k log-probs, with a
/// progress bar (loss, tokens/s, ETA) on standard error; writes an HF-layout folder. Bad input exits 2.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CommandContext context)
    {
        var model = new Option<string>("--model") { Description = "Base HF model folder (config.json, *.safetensors, tokenizer.json).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the trained model (HF layout).", Required = true };
        var data = new Option<string?>("--data") { Description = "Conversations JSONL ([{\"role\",\"content\"}, …] per line) for SFT." };
        var teacher = new Option<string?>("--teacher") { Description = "Teacher top-k JSONL (prompt_ids, completion_ids, top_ids, top_logprobs per line) for distillation." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => 1 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 1e-4 };
        var warmup = new Option<int>("--warmup") { Description = "Warmup steps.", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "Sequences per micro-batch.", DefaultValueFactory = _ => 4 };
        var accumulate = new Option<int>("--accumulate") { Description = "Micro-batches per optimiser step.", DefaultValueFactory = _ => 1 };
        var clip = new Option<double>("--clip") { Description = "Max global gradient norm (0: off).", DefaultValueFactory = _ => 1.0 };
        var decay = new Option<double>("--weight-decay") { Description = "AdamW weight decay.", DefaultValueFactory = _ => 0.0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the example order.", DefaultValueFactory = _ => 0 };
        var dtype = new Option<string>("--dtype") { Description = "f32, bf16 or f16 (train in f32 unless you know better).", DefaultValueFactory = _ => "f32" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("train", "Fine-tune a model (SFT on conversations, or KL distillation from teacher top-k) and save it.")
        {
            model, output, data, teacher, epochs, lr, warmup, batch, accumulate, clip, decay, seed, dtype, device,
        };
        command.SetAction((parse, ct) =>
        {
            var console = context.Console;
            try
            {
                var options = new TrainerOptions
                {
                    Epochs = parse.GetValue(epochs), LearningRate = parse.GetValue(lr), WarmupSteps = parse.GetValue(warmup),
                    MicroBatchSize = parse.GetValue(batch), GradientAccumulation = parse.GetValue(accumulate), MaxGradNorm = parse.GetValue(clip),
                    WeightDecay = parse.GetValue(decay), Seed = parse.GetValue(seed),
                };
                var folder = parse.GetValue(model)!;
                var target = parse.GetValue(output)!;
                options.Validate();
                var examples = Examples(folder, parse.GetValue(data), parse.GetValue(teacher));
                using var decoder = DecoderModel.FromPretrained(folder, parse.GetValue(dtype)!, parse.GetValue(device)!);
                var bar = new ProgressLine(console.Error, redirected: !console.ErrorIsTerminal);
                var last = Trainer.Train(decoder, examples, options, TimeProvider.System, bar.Show, ct);
                bar.End();
                TrainingCheckpoint.Save(decoder, folder, target);
                console.WriteResult(string.Create(
                    CultureInfo.InvariantCulture, $"Trained {last.Step} steps on {examples.Count} examples (final loss {last.Loss:F4}, {last.TokensPerSecond:F0} tokens/s); wrote {target}."));
                return Task.FromResult(ExitCodes.Ok);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException or TokenizerFormatException)
            {
                return Task.FromResult(console.Fail(ex, ExitCodes.InvalidInput));
            }
        });
        return command;
    }

    private static List<TrainingExample> Examples(string folder, string? data, string? teacher)
    {
        if ((data is null) == (teacher is null))
        {
            throw new ArgumentException("Give exactly one of --data (conversations) or --teacher (teacher top-k).");
        }

        if (teacher is not null)
        {
            return TrainingData.ReadTeacher(teacher);
        }

        var renderer = new ChatMlRenderer(HfTokenizer.Load(folder));
        return [.. TrainingData.ReadConversations(data!).Select(c => TrainingExample.FromConversation(renderer.Render(c)))];
    }

    /// <summary>One redrawn line on a terminal (<c>[#####-----] step 3/10 loss … tok/s ETA …</c>); a line per tenth otherwise.</summary>
    private sealed class ProgressLine(TextWriter error, bool redirected)
    {
        private const int Width = 24;

        public void Show(TrainingProgress p)
        {
            var filled = (int)Math.Round(Width * (double)p.Step / p.TotalSteps);
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"[{new string('#', filled)}{new string('-', Width - filled)}] step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} lr {p.LearningRate:0.##e+0} {p.TokensPerSecond:F0} tok/s ETA {p.Eta:hh\\:mm\\:ss}");
            if (!redirected)
            {
                error.Write("\r" + line);
            }
            else if (p.Step == p.TotalSteps || p.Step % Math.Max(1, p.TotalSteps / 10) == 0)
            {
                error.WriteLine(line);
            }
        }

        public void End()
        {
            if (!redirected)
            {
                error.WriteLine();
            }
        }
    }
}
