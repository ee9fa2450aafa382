using System.ComponentModel.DataAnnotations;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Plugins.KlDistil;
using Tournament.Plugins.KlDistil.Scoring;

namespace Tournament.KlDistil.Tests.Scoring;

public sealed class DenseKlTests : IDisposable
{
    private readonly KlFixtures _fx = new();

    [Fact]
    public async Task Dense_MatchesFloat64DenseReference()
    {
        var folders = new[] { _fx.Noisy("a", 0.03, 1), _fx.Noisy("b", 0.1, 2), _fx.Independent("c", 99) };
        var candidates = folders.Select((f, i) => KlFixtures.Candidate("h" + i, f)).ToArray();
        var options = Dense(_fx.Options());

        var sheet = await _fx.Scorer(options).ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), candidates), default);

        for (var i = 0; i < folders.Length; i++)
        {
            var scored = sheet.Results[candidates[i].Submission.Key].AsScored!;
            var reference = ReferenceKl.Compute(folders[i], KlFixtures.Prompts(), options, dense: true);
            Assert.Equal(reference.Keys.Order(), scored.PerPrompt.Select(p => p.PromptId).Order());
            foreach (var p in scored.PerPrompt)
            {
                Assert.True(Math.Abs(p.Value - reference[p.PromptId]) <= 1e-5 * reference[p.PromptId], $"{p.PromptId}: {p.Value} vs {reference[p.PromptId]}");
            }
        }
    }

    [Fact]
    public async Task Dense_EqualsSparseWhenKCoversTheVocabulary()
    {
        var student = KlFixtures.Candidate("s", _fx.Noisy("s", 0.1, 3));
        var vocab = ModelConfig.Load(Path.Combine(_fx.TeacherPath, "config.json")).VocabSize;
        var request = new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), [student]);
        var full = _fx.Options();
        full.TopK = vocab;
        var fullDense = Dense(_fx.Options());
        fullDense.TopK = vocab;

        var sparse16 = (await _fx.Scorer().ScoreAsync(request, default)).Results[student.Submission.Key].AsScored!;
        var dense = (await _fx.Scorer(Dense(_fx.Options())).ScoreAsync(request, default)).Results[student.Submission.Key].AsScored!;
        var sparseAll = (await _fx.Scorer(full).ScoreAsync(request, default)).Results[student.Submission.Key].AsScored!;
        var denseAll = (await _fx.Scorer(fullDense).ScoreAsync(request, default)).Results[student.Submission.Key].AsScored!;

        // k = vocabulary: the renormalised sparse KL is the dense KL (same continuations: greedy decoding does not depend on k).
        Assert.True(Math.Abs(sparseAll.Value - denseAll.Value) <= 1e-5 * denseAll.Value, $"{sparseAll.Value} vs {denseAll.Value}");
        Assert.True(Math.Abs(dense.Value - denseAll.Value) <= 1e-6 * denseAll.Value, $"{dense.Value} vs {denseAll.Value}");
        Assert.NotEqual(sparse16.Value, dense.Value);
    }

    [Fact]
    public async Task Dense_ZeroBudget_SameScoresWithOneTeacherForwardPerPromptPerStudent()
    {
        var students = new[] { KlFixtures.Candidate("a", _fx.Noisy("a", 0.05, 1)), KlFixtures.Candidate("b", _fx.Noisy("b", 0.2, 2)) };
        var request = new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), students);
        var kept = Dense(_fx.Options());
        var none = Dense(_fx.Options());
        none.DenseCacheMiB = 0;

        var withCache = await _fx.Scorer(kept).ScoreAsync(request, default);
        var without = await _fx.Scorer(none).ScoreAsync(request, default);

        var prompts = withCache.Metrics["prompts_kept"];
        Assert.Equal(prompts, withCache.Metrics["dense_teacher_forwards"]);
        Assert.Equal(prompts * students.Length, without.Metrics["dense_teacher_forwards"]);
        Assert.True(withCache.Metrics["dense_teacher_kept_mib"] > 0);
        Assert.Equal(0, without.Metrics["dense_teacher_kept_mib"]);
        foreach (var s in students)
        {
            Assert.Equal(withCache.Results[s.Submission.Key].AsScored!.PerPrompt, without.Results[s.Submission.Key].AsScored!.PerPrompt);
        }
    }

    [Fact]
    public async Task Dense_TeacherCopy_IsDisqualified()
    {
        var copy = KlFixtures.Candidate("copy", _fx.TeacherPath);

        var sheet = await _fx.Scorer(Dense(_fx.Options())).ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), [copy]), default);

        Assert.Equal("teacher-copy", sheet.Results[copy.Submission.Key].AsT2.ReasonCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CrossCheck_RecordsFloat64DifferencesThatAreTiny(bool dense)
    {
        var student = KlFixtures.Candidate("s", _fx.Noisy("s", 0.05, 4));
        var options = dense ? Dense(_fx.Options()) : _fx.Options();
        options.CrossCheck = true;

        var sheet = await _fx.Scorer(options).ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), [student]), default);

        var scored = sheet.Results[student.Submission.Key].AsScored!;
        Assert.True(scored.Metrics[StudentEvaluation.ScoreDiff] <= 1e-6 * scored.Value, $"{scored.Metrics[StudentEvaluation.ScoreDiff]} vs {scored.Value}");
        Assert.True(scored.Metrics[StudentEvaluation.MaxPositionDiff] < 1e-5);
        Assert.True(Math.Abs(scored.Metrics[StudentEvaluation.ReferenceScore] - scored.Value) <= 1e-6 * scored.Value);
    }

    [Fact]
    public async Task CrossCheckOff_NoFloat64Metrics()
    {
        var student = KlFixtures.Candidate("s", _fx.Noisy("s", 0.05, 4));

        var sheet = await _fx.Scorer().ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), [student]), default);

        Assert.DoesNotContain(StudentEvaluation.ScoreDiff, sheet.Results[student.Submission.Key].AsScored!.Metrics.Keys);
    }

    [Theory]
    [InlineData(KlMode.Dense, TeacherBackendKind.OpenAI, "openai backend does not return")]
    [InlineData((KlMode)7, TeacherBackendKind.Local, "use sparse or dense")]
    public void Options_BadModeOrBackend_RefusedWithTheFix(KlMode mode, TeacherBackendKind backend, string expected)
    {
        var options = new KlDivergenceOptions { TeacherPath = "t", Mode = mode, Backend = backend, BaseUrl = new Uri("http://127.0.0.1:1/"), RemoteModel = "m" };

        var problems = options.Validate(new ValidationContext(options)).ToList();

        Assert.Contains(problems, p => p.ErrorMessage!.Contains(expected, StringComparison.Ordinal) && p.MemberNames.Contains(nameof(KlDivergenceOptions.Mode)));
    }

    [Fact]
    public void Float64Kl_ClosedForms()
    {
        // p = (1/2, 1/2), q = (1/4, 3/4): KL = ½ ln 2 + ½ ln(2/3).
        var expected = (0.5 * Math.Log(2)) + (0.5 * Math.Log(2.0 / 3.0));
        Assert.Equal(expected, Float64Kl.Dense([0f, 0f], [0f, (float)Math.Log(3)]), 6);

        // Sparse renormalises both sides over the teacher's ids; a −∞ teacher entry adds no term but its id still takes
        // part in the student's renormalisation: with ids (1, 2, 0), s̃ = g − ln(1 + 3 + e⁵), KL = ln ½ + ln(4 + e⁵) − ½ ln 3.
        var student = new[] { 5f, 0f, (float)Math.Log(3), -2f };
        Assert.Equal(expected, Float64Kl.Sparse(student, [1, 2], [(float)Math.Log(0.3), (float)Math.Log(0.3)]), 6);
        Assert.Equal(Math.Log(0.5) + Math.Log(4 + Math.Exp(5)) - (0.5 * Math.Log(3)), Float64Kl.Sparse(student, [1, 2, 0], [-1f, -1f, float.NegativeInfinity]), 5);
        Assert.Equal(0, Float64Kl.Dense([1f, 2f, 3f], [11f, 12f, 13f]), 12);
    }

    public void Dispose() => _fx.Dispose();

    private static KlDivergenceOptions Dense(KlDivergenceOptions options)
    {
        options.Mode = KlMode.Dense;
        return options;
    }
}
