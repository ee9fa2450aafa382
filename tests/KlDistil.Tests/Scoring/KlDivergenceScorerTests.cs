using Tournament.Abstractions;
using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Plugins.KlDistil.Teacher;
using static TorchSharp.torch;

namespace Tournament.KlDistil.Tests.Scoring;

public sealed class KlDivergenceScorerTests : IDisposable
{
    private readonly KlFixtures _fx = new();

    [Fact]
    public async Task Score_MatchesFloat64Reference()
    {
        var folders = new[] { _fx.Noisy("a", 0.03, 1), _fx.Noisy("b", 0.1, 2), _fx.Independent("c", 99) };
        var candidates = folders.Select((f, i) => KlFixtures.Candidate("h" + i, f)).ToArray();

        var sheet = await _fx.Scorer().ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), candidates), default);

        Assert.Equal(ScoreDirection.LowerIsBetter, sheet.Direction);
        for (var i = 0; i < folders.Length; i++)
        {
            var scored = sheet.Results[candidates[i].Submission.Key].AsScored!;
            var reference = ReferenceKl(folders[i]);
            Assert.Equal(reference.Keys.Order(), scored.PerPrompt.Select(p => p.PromptId).Order());
            foreach (var p in scored.PerPrompt)
            {
                Assert.True(Math.Abs(p.Value - reference[p.PromptId]) <= 1e-5 * reference[p.PromptId], $"{p.PromptId}: {p.Value} vs {reference[p.PromptId]}");
            }

            var mean = reference.Values.Average();
            Assert.True(Math.Abs(scored.Value - mean) <= 1e-5 * mean);
        }
    }

    [Fact]
    public async Task Score_RisesMonotonicallyWithNoise()
    {
        var sigmas = new[] { 0.01, 0.03, 0.1, 0.3 };
        var candidates = sigmas.Select((s, i) => KlFixtures.Candidate("h" + i, _fx.Noisy("n" + i, s, 7))).ToArray();

        var sheet = await _fx.Scorer().ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), candidates), default);

        var values = candidates.Select(c => sheet.Results[c.Submission.Key].AsScored!.Value).ToArray();
        for (var i = 1; i < values.Length; i++)
        {
            Assert.True(values[i] > values[i - 1], string.Join(", ", values));
        }
    }

    [Fact]
    public async Task TeacherCopy_IsDisqualified()
    {
        var copy = KlFixtures.Candidate("copy", _fx.TeacherPath);

        var sheet = await _fx.Scorer().ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), [copy]), default);

        var result = sheet.Results[copy.Submission.Key];
        Assert.True(result.IsT2);
        Assert.Equal("teacher-copy", result.AsT2.ReasonCode);
        Assert.Null(result.AsScored);
    }

    [Fact]
    public async Task BrokenStudentFiles_DisqualifiedWithLoaderReason()
    {
        var folder = _fx.Noisy("broken", 0.05);
        var weights = Path.Combine(folder, "model.safetensors");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..100]);
        var broken = KlFixtures.Candidate("broken", folder);
        var good = KlFixtures.Candidate("good", _fx.Noisy("good", 0.05));

        var sheet = await _fx.Scorer().ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), [broken, good]), default);

        var result = sheet.Results[broken.Submission.Key];
        Assert.True(result.IsT2);
        Assert.Equal("load-failed", result.AsT2.ReasonCode);
        Assert.NotNull(sheet.Results[good.Submission.Key].AsScored);
    }

    [Fact]
    public async Task NonFiniteKl_FailsWithPartialPerPrompt()
    {
        // A NaN embedding row for a token that only the second prompt contains: the first prompt scores, the second fails.
        using var backend = new LocalTeacherBackend(_fx.TeacherPath, "f32", "cpu");
        var prompts = KlFixtures.Prompts();
        var first = backend.Encode(prompts.Prompts[0].Text);
        var token = backend.Encode(prompts.Prompts[1].Text).First(id => !first.Contains(id));
        var folder = _fx.Noisy("nan", 0.05);
        PoisonEmbeddingRow(Path.Combine(folder, "model.safetensors"), token);
        var student = KlFixtures.Candidate("nan", folder);

        var sheet = await _fx.Scorer().ScoreAsync(new ScoringRequest(KlFixtures.Round(), prompts, [student]), default);

        var result = sheet.Results[student.Submission.Key];
        Assert.True(result.IsT1, result.ToString());
        Assert.Equal("non-finite-kl", result.AsT1.ReasonCode);
        Assert.Contains("p1", result.AsT1.Message, StringComparison.Ordinal);
        Assert.Equal(["p0"], result.AsT1.PartialPerPrompt.Select(p => p.PromptId));
        Assert.True(double.IsFinite(result.AsT1.PartialPerPrompt[0].Value));
    }

    [Fact]
    public async Task Score_ReportsProgressForTeacherAndStudents()
    {
        var progress = new RecordingProgress();
        var students = new[] { KlFixtures.Candidate("a", _fx.Noisy("a", 0.05)), KlFixtures.Candidate("b", _fx.Noisy("b", 0.1)) };

        var sheet = await _fx.Scorer().ScoreAsync(new ScoringRequest(KlFixtures.Round(progress), KlFixtures.Prompts(), students), default);

        Assert.Equal([("teacher: generating", 3.0, 3.0), ("students: scoring", 2.0, 2.0)], progress.Tasks.Select(t => (t.Description, t.Total, t.Done)));
        Assert.Contains("teacher_seconds", sheet.Metrics.Keys);
        Assert.Equal(0, sheet.Metrics["teacher_cached"]);
    }

    public void Dispose() => _fx.Dispose();

    private Dictionary<string, double> ReferenceKl(string studentFolder) => Scoring.ReferenceKl.Compute(studentFolder, KlFixtures.Prompts(), _fx.Options(), dense: false);

    private static void PoisonEmbeddingRow(string file, int row)
    {
        var bytes = File.ReadAllBytes(file);
        var headerLength = (int)BitConverter.ToInt64(bytes, 0);
        using var header = System.Text.Json.JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var info = header.RootElement.GetProperty("model.embed_tokens.weight");
        Assert.Equal("F32", info.GetProperty("dtype").GetString());
        var hidden = info.GetProperty("shape")[1].GetInt32();
        var start = 8 + headerLength + info.GetProperty("data_offsets")[0].GetInt32() + (row * hidden * 4);
        for (var i = 0; i < hidden; i++)
        {
            BitConverter.GetBytes(float.NaN).CopyTo(bytes, start + (i * 4));
        }

        File.WriteAllBytes(file, bytes);
    }

    private sealed class RecordingProgress : IProgressReporter
    {
        public List<Task> Tasks { get; } = [];

        public IProgressTask Start(string description, double total, string unit = "items")
        {
            var task = new Task(description, total);
            Tasks.Add(task);
            return task;
        }

        internal sealed class Task(string description, double total) : IProgressTask
        {
            public string Description => description;

            public double Total { get; private set; } = total;

            public double Done { get; private set; }

            public void Advance(double amount = 1) => Done += amount;

            public void SetTotal(double total) => Total = total;

            public void Dispose()
            {
            }
        }
    }
}
