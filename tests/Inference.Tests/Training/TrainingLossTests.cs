using Tournament.Inference.Models;
using Tournament.Inference.Tests.Kl;
using Tournament.Inference.Tests.Models;
using Tournament.Inference.Training;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Training;

public sealed class TrainingLossTests
{
    [Fact]
    public void SftLoss_EqualsFloat64ReferenceOnMaskedTargetsOnly()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 51);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var examples = Examples(ckpt.Config.VocabSize, new Random(1), 3, teacher: false);

        using var sum = TrainingLoss.Sum(model, examples);

        var expected = 0.0;
        foreach (var e in examples)
        {
            var (logits, _) = ReferenceDecoder.Forward(ckpt, e.Ids);
            for (var t = 1; t < e.Ids.Length; t++)
            {
                if (e.LossMask[t])
                {
                    expected -= logits[t - 1][e.Ids[t]] - KlReference.LogSumExp(logits[t - 1]);
                }
            }
        }

        Assert.Equal(expected, sum.to_type(ScalarType.Float64).item<double>(), expected * 1e-5);
        Assert.Equal(examples.Sum(e => e.LossMask.Skip(1).Count(m => m)), examples.Sum(TrainingLoss.CountedPositions));
    }

    [Fact]
    public void DistilLoss_EqualsFloat64SparseKlReference()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 52);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var examples = Examples(ckpt.Config.VocabSize, new Random(2), 3, teacher: true);

        using var sum = TrainingLoss.Sum(model, examples);

        var expected = 0.0;
        foreach (var e in examples)
        {
            var (logits, _) = ReferenceDecoder.Forward(ckpt, e.Ids);
            var t = e.Teacher!;
            for (var j = 0; j < t.TopIds.Length; j++)
            {
                expected += KlReference.Sparse(logits[t.Start - 1 + j], t.TopIds[j], [.. t.TopLogProbs[j].Select(v => (double)v)]);
            }
        }

        Assert.True(expected > 0.5, $"the reference KL {expected} should be far from zero");
        Assert.Equal(expected, sum.to_type(ScalarType.Float64).item<double>(), expected * 1e-5);
    }

    [Fact]
    public void Gradients_EqualFiniteDifferencesInFloat64()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 53);
        using var model = DecoderModel.FromPretrained(ckpt.Folder, ScalarType.Float64, CPU);
        model.EnableTraining();
        var rng = new Random(3);
        var examples = Examples(ckpt.Config.VocabSize, rng, 2, teacher: false).Concat(Examples(ckpt.Config.VocabSize, rng, 2, teacher: true)).ToArray();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        using (var loss = TrainingLoss.Sum(model, examples))
        {
            loss.backward();
        }

        string[] names = ["model.embed_tokens.weight", "model.layers.0.self_attn.q_norm.weight", "model.layers.1.self_attn.k_proj.weight", "model.layers.2.mlp.down_proj.weight", "model.norm.weight", "lm_head.weight"];
        foreach (var name in names)
        {
            var p = parameters[name];
            var flat = p.detach().view(-1);
            var grad = p.grad!.view(-1);
            foreach (var i in new[] { 0L, flat.shape[0] / 2, flat.shape[0] - 1 })
            {
                const double h = 1e-6;
                double Loss(double delta)
                {
                    using var noGrad = no_grad();
                    var old = flat[i].item<double>();
                    flat[i] = old + delta;
                    using var l = TrainingLoss.Sum(model, examples);
                    flat[i] = old;
                    return l.item<double>();
                }

                var numeric = (Loss(h) - Loss(-h)) / (2 * h);
                var analytic = grad[i].item<double>();
                Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{name}[{i}]: autograd {analytic}, finite difference {numeric}");
            }
        }

        Assert.True(parameters.Values.All(p => p.grad is not null && p.grad.abs().sum().item<double>() > 0), "every parameter should receive a gradient");
    }

    [Fact]
    public void TrainingMode_LeavesLogitsUnchanged()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen2), seed: 54);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        using var ids = tensor(new long[] { 1, 5, 9, 2, 30 }, [1, 5]);
        using var before = model.forward(new DecoderInput(ids));

        model.EnableTraining();
        using var after = model.forward(new DecoderInput(ids));

        Assert.True(model.parameters().All(p => p.requires_grad));
        Assert.True(after.Logits.requires_grad);
        Assert.True((before.Logits == after.Logits.detach()).all().item<bool>());
    }

    internal static TrainingExample[] Examples(int vocab, Random rng, int count, bool teacher) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var ids = DecoderModelTests.RandomIds(rng, 4 + (i * 2), vocab);
            var mask = ids.Select((_, t) => t > 0 && rng.Next(3) > 0).ToArray();
            mask[^1] = true;
            if (!teacher)
            {
                return new TrainingExample(ids, mask);
            }

            var start = 2;
            var rows = ids.Length - start;
            var topIds = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, vocab).OrderBy(_ => rng.Next()).Take(5).Select(v => (long)v).ToArray()).ToArray();
            var topLps = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, 5).Select(_ => (float)((rng.NextDouble() * -6) - 0.1)).ToArray()).ToArray();
            return new TrainingExample(ids, new bool[ids.Length]) { Teacher = new TeacherTargets(start, topIds, topLps) };
        })];
}
