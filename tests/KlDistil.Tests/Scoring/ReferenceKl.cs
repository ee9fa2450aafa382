using Tournament.Abstractions;
using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Plugins.KlDistil.Scoring;
using Tournament.Plugins.KlDistil.Teacher;
using static TorchSharp.torch;

namespace Tournament.KlDistil.Tests.Scoring;

/// <summary>
/// The tests' own float64 reference of the scorer, written without the plugin's scoring code: the teacher continues
/// each prompt with the runtime's generator; teacher and student logits come from one forward each over
/// prompt + continuation; KL is computed per position in plain float64 loops (sparse: renormalised over the teacher's
/// top-k; dense: the whole vocabulary). Returns the per-prompt means of the prompts the teacher keeps.
/// </summary>
internal sealed class ReferenceKl(KlDivergenceOptions options, PromptSet prompts) : IDisposable
{
    private readonly DecoderModel _teacher = DecoderModel.FromPretrained(options.TeacherPath);
    private readonly List<(string PromptId, long[] PromptIds, GenerationResult Generation)> _kept = Continue(options, prompts);

    /// <summary>Per-prompt reference KL of one student (a new teacher and generation per call).</summary>
    public static Dictionary<string, double> Compute(string studentFolder, PromptSet prompts, KlDivergenceOptions options, bool dense)
    {
        using var reference = new ReferenceKl(options, prompts);
        return reference.Of(studentFolder, dense);
    }

    /// <summary>Per-prompt reference KL of one student against this reference's teacher continuations.</summary>
    public Dictionary<string, double> Of(string studentFolder, bool dense)
    {
        using var student = DecoderModel.FromPretrained(studentFolder);
        var vocab = student.Config.VocabSize;
        var result = new Dictionary<string, double>();
        foreach (var (promptId, promptIds, gen) in _kept)
        {
            var sequence = promptIds.Concat(gen.Ids).ToArray();
            var s = Logits(student, sequence, promptIds.Length - 1, gen.Ids.Count);
            var t = dense ? Logits(_teacher, sequence, promptIds.Length - 1, gen.Ids.Count) : null;
            var total = 0.0;
            for (var p = 0; p < gen.Ids.Count; p++)
            {
                var offset = p * vocab;
                var studentRow = LogSoftmax(s.AsSpan(offset, vocab));
                total += t is null
                    ? Sparse(studentRow, gen.TopLogProbs[p].Ids, gen.TopLogProbs[p].LogProbs)
                    : Dense(LogSoftmax(t.AsSpan(offset, vocab)), studentRow);
            }

            result[promptId] = total / gen.Ids.Count;
        }

        return result;
    }

    public void Dispose() => _teacher.Dispose();

    private static List<(string, long[], GenerationResult)> Continue(KlDivergenceOptions options, PromptSet prompts)
    {
        using var teacher = DecoderModel.FromPretrained(options.TeacherPath);
        using var backend = new LocalTeacherBackend(options.TeacherPath, "f32", "cpu");
        var kept = new List<(string, long[], GenerationResult)>();
        foreach (var prompt in prompts.Prompts)
        {
            var promptIds = backend.Encode(prompt.Text).Select(i => (long)i).ToArray();
            if (options.MaxPromptTokens > 0 && promptIds.Length > options.MaxPromptTokens)
            {
                promptIds = promptIds[..options.MaxPromptTokens];
            }

            var gen = TextGenerator.Generate(teacher, promptIds, new GenerationOptions { MaxNewTokens = options.MaxNewTokens, TopLogProbs = options.TopK });
            if (gen.Ids.Count >= options.MinContinuationTokens)
            {
                kept.Add((prompt.Id, promptIds, gen));
            }
        }

        return kept;
    }

    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Logits at positions start … start+count−1 as float64, row-major.</summary>
    private static double[] Logits(DecoderModel model, long[] sequence, int start, int count)
    {
        using var scope = NewDisposeScope();
        using var output = model.forward(new DecoderInput(tensor(sequence, [1, sequence.Length])));
        var rows = output.Logits[0].narrow(0, start, count).to_type(ScalarType.Float64).cpu().contiguous();
        var values = new double[rows.NumberOfElements];
        rows.data<double>().CopyTo(values);
        return values;
    }

    private static double[] LogSoftmax(ReadOnlySpan<double> row)
    {
        var lse = LogSumExp(row);
        var result = new double[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            result[i] = row[i] - lse;
        }

        return result;
    }

    private static double Sparse(double[] studentLogProbs, IReadOnlyList<long> ids, float[] teacherLogProbs)
    {
        var t = teacherLogProbs.Select(v => (double)v).ToArray();
        var s = ids.Select(id => studentLogProbs[(int)id]).ToArray();
        var (tl, sl) = (LogSumExp(t), LogSumExp(s));
        return t.Select((v, j) => Math.Exp(v - tl) * ((v - tl) - (s[j] - sl))).Sum();
    }

    private static double Dense(double[] teacherLogProbs, double[] studentLogProbs)
    {
        var total = 0.0;
        for (var j = 0; j < teacherLogProbs.Length; j++)
        {
            total += Math.Exp(teacherLogProbs[j]) * (teacherLogProbs[j] - studentLogProbs[j]);
        }

        return total;
    }
}
