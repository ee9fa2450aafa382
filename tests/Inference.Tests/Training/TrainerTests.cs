using Tournament.Abstractions;
using Tournament.Inference.Generation;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;
using Tournament.Inference.Tests.Models;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.Inference.Tokenizers;
using Tournament.Inference.Training;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Training;

public sealed class TrainerTests
{
    private static readonly IReadOnlyList<ChatMessage>[] Conversations =
    [
        [new("system", "You are terse."), new("user", "What is the capital of France?"), new("assistant", "Paris.")],
        [new("user", "Say hello"), new("assistant", "hello there, friend")],
        [new("user", "2+2?"), new("assistant", "4"), new("user", "and 3+3?"), new("assistant", "6, of course")],
    ];

    [Fact]
    public void Train_TinyMemorisationTask_LossFallsAndGreedyReplyIsLearned()
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Generate(new TinyModelSpec { Architecture = ModelArchitecture.Qwen3, HiddenSize = 32, IntermediateSize = 64, Seed = 7 }, folder.Path);
        using var model = DecoderModel.FromPretrained(folder.Path);
        var tokenizer = HfTokenizer.Load(folder.Path);
        var renderer = new ChatMlRenderer(tokenizer);
        var examples = Conversations.Select(c => TrainingExample.FromConversation(renderer.Render(c))).ToArray();
        var losses = new List<double>();

        var last = Trainer.Train(model, examples, new TrainerOptions { LearningRate = 1e-2, WarmupSteps = 5, Epochs = 60, MicroBatchSize = 3, Seed = 1 }, TimeProvider.System, p => losses.Add(p.Loss));

        Assert.Equal(60, losses.Count);
        Assert.Equal(60, last.Step);
        Assert.True(losses[^1] < 0.1 * losses[0], $"loss went from {losses[0]} to {losses[^1]}");
        var prompt = renderer.Render([Conversations[1][0]]).Ids.Concat(tokenizer.Encode("<|im_start|>assistant\n").Select(i => (long)i)).ToArray();
        var imEnd = (long)tokenizer.TokenToId("<|im_end|>")!;
        var reply = TextGenerator.Generate(model, prompt, new GenerationOptions { MaxNewTokens = 40, TopLogProbs = 0, EosTokenIds = [imEnd] }, ids => tokenizer.Decode(ids.Select(i => (int)i)));
        Assert.Equal(("hello there, friend", StopReason.Eos), (reply.Text, reply.StopReason));
    }

    [Fact]
    public void Save_CheckpointReloadsToIdenticalLogitsAndMatchesFloat64Reference()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen2), seed: 61);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var examples = TrainingLossTests.Examples(ckpt.Config.VocabSize, new Random(4), 4, teacher: false);
        Trainer.Train(model, examples, new TrainerOptions { LearningRate = 5e-2, Epochs = 2, MicroBatchSize = 2 }, TimeProvider.System);
        var output = Directory.CreateTempSubdirectory("trained").FullName;

        TrainingCheckpoint.Save(model, ckpt.Folder, output);

        using var saved = TinyCheckpoint.Load(output, ckpt.Config);
        using var reloaded = DecoderModel.FromPretrained(output);
        long[] seq = [3, 14, 15, 9, 26, 5];
        using var ids = tensor(seq, [1, seq.Length]);
        using var trained = model.forward(new DecoderInput(ids));
        using var again = reloaded.forward(new DecoderInput(ids));
        Assert.True((trained.Logits.detach() == again.Logits).all().item<bool>());
        using var untrained = DecoderModel.FromPretrained(ckpt.Folder);
        Assert.False((model.named_parameters().First().parameter.detach() == untrained.named_parameters().First().parameter).all().item<bool>());
        var (reference, _) = ReferenceDecoder.Forward(saved, seq);
        using var values = again.Logits.to_type(ScalarType.Float64);
        var actual = Enumerable.Range(0, seq.Length).Select(t => values[0, t].data<double>().ToArray()).ToArray();
        Assert.InRange(DecoderModelTests.RelativeError(actual, reference), 0, 1e-5);
        Assert.True(File.Exists(Path.Combine(output, "config.json")));
        Assert.False(saved.Weights.ContainsKey("lm_head.weight"));
    }

    [Fact]
    public void Train_GradientAccumulation_EqualsOneLargeBatch()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 62);
        using var large = DecoderModel.FromPretrained(ckpt.Folder);
        using var accumulated = DecoderModel.FromPretrained(ckpt.Folder);
        var rng = new Random(5);
        var examples = TrainingLossTests.Examples(ckpt.Config.VocabSize, rng, 2, teacher: false).Concat(TrainingLossTests.Examples(ckpt.Config.VocabSize, rng, 2, teacher: true)).ToArray();
        var options = new TrainerOptions { LearningRate = 1e-2, Epochs = 1, Seed = 3 };

        var a = Trainer.Train(large, examples, options with { MicroBatchSize = 4 }, TimeProvider.System);
        var b = Trainer.Train(accumulated, examples, options with { MicroBatchSize = 1, GradientAccumulation = 4 }, TimeProvider.System);

        Assert.Equal(a.Loss, b.Loss, 1e-5);
        Assert.Equal(a.GradNorm, b.GradNorm, 1e-5);
        foreach (var ((name, p), (_, q)) in large.named_parameters().Zip(accumulated.named_parameters()))
        {
            Assert.True((p - q).abs().max().item<float>() < 1e-5f, name);
        }
    }

    [Fact]
    public void LearningRateSchedule_WarmupThenCosineToTheMinimum()
    {
        var options = new TrainerOptions { LearningRate = 1.0, MinLearningRateRatio = 0.1, WarmupSteps = 4 };

        var lrs = Enumerable.Range(0, 15).Select(s => LearningRateSchedule.At(s, 15, options)).ToArray();

        Assert.Equal([0.25, 0.5, 0.75, 1.0], lrs[..4]);
        Assert.Equal(1.0, lrs[4], 12);
        Assert.Equal(0.55, lrs[9], 1e-12);
        Assert.Equal(0.1, lrs[14], 12);
        Assert.True(lrs.Skip(4).Zip(lrs.Skip(5)).All(p => p.Second < p.First));
    }

    public static TheoryData<TrainerOptions, string> HostileOptions => new()
    {
        { new TrainerOptions { LearningRate = double.NaN }, "LearningRate" },
        { new TrainerOptions { LearningRate = -1 }, "LearningRate" },
        { new TrainerOptions { MicroBatchSize = 0 }, "MicroBatchSize" },
        { new TrainerOptions { GradientAccumulation = 0 }, "GradientAccumulation" },
        { new TrainerOptions { MaxGradNorm = double.PositiveInfinity }, "MaxGradNorm" },
        { new TrainerOptions { Beta2 = 1 }, "Beta2" },
        { new TrainerOptions { Epochs = 0 }, "Epochs" },
    };

    [Theory]
    [MemberData(nameof(HostileOptions))]
    public void Train_HostileOptions_RefusedWithOneSentence(TrainerOptions options, string name)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 63);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(model, [new TrainingExample([1, 2], [false, true])], options, TimeProvider.System));

        Assert.StartsWith(name + " must be in", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<TrainingExample, string> BadExamples => new()
    {
        { new TrainingExample([1], [true]), "2 to" },
        { new TrainingExample([1, 2], [true]), "loss mask of 1" },
        { new TrainingExample([1, 99], [false, true]), "outside [0, 37)" },
        { new TrainingExample([1, 2, 3], [true, false, false]), "no position to learn" },
        { new TrainingExample([1, 2], [false, false]) { Teacher = new TeacherTargets(0, [[1]], [[-1f]]) }, "do not fit" },
        { new TrainingExample([1, 2, 3], [false, false, false]) { Teacher = new TeacherTargets(1, [[1, 2], [3]], [[-1f, -2f], [-1f]]) }, "same k" },
        { new TrainingExample([1, 2], [false, false]) { Teacher = new TeacherTargets(1, [[1]], [[float.NaN]]) }, "NaN" },
    };

    [Theory]
    [MemberData(nameof(BadExamples))]
    public void Train_BadExample_RefusedBeforeAnyStep(TrainingExample bad, string expected)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 64);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);

        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(model, [new TrainingExample([1, 2], [false, true]), bad], new TrainerOptions(), TimeProvider.System));

        Assert.StartsWith("Training example 1 ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(model.Trainable);
    }
}
