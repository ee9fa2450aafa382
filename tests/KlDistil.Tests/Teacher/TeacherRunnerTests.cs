using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.KlDistil.Tests.Scoring;
using Tournament.Plugins.KlDistil.Teacher;

namespace Tournament.KlDistil.Tests.Teacher;

public sealed class TeacherRunnerTests : IDisposable
{
    private readonly KlFixtures _fx = new();

    [Fact]
    public async Task ZeroLengthContinuation_PromptDropped()
    {
        using var local = new LocalTeacherBackend(_fx.TeacherPath, "f32", "cpu");
        var backend = new CountingBackend(local, (i, g) => i == 1 ? new TeacherGeneration([], [], []) : g);
        var scorer = _fx.Scorer(backend: () => backend);
        var student = KlFixtures.Candidate("s", _fx.Noisy("s", 0.05));

        var sheet = await scorer.ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), [student]), default);

        var scored = sheet.Results[student.Submission.Key].AsScored!;
        Assert.Equal(["p0", "p2"], scored.PerPrompt.Select(p => p.PromptId));
        Assert.All(scored.PerPrompt, p => Assert.True(p.Value > 1e-6));
        Assert.Equal(1, sheet.Metrics["prompts_dropped"]);
    }

    [Fact]
    public async Task TeacherWork_SameForTwoAndFiveStudents()
    {
        using var local = new LocalTeacherBackend(_fx.TeacherPath, "f32", "cpu");
        var counts = new List<int>();
        foreach (var students in new[] { 2, 5 })
        {
            var options = _fx.Options();
            options.CacheDirectory = Path.Combine(_fx.Root, "cache-" + students);
            var backend = new CountingBackend(local);
            var candidates = Enumerable.Range(0, students).Select(i => KlFixtures.Candidate("h" + i, _fx.Noisy($"n{students}-{i}", 0.02, (ulong)i + 1))).ToArray();

            var sheet = await _fx.Scorer(options, () => backend).ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), candidates), default);

            Assert.Equal(students, sheet.Results.Values.Count(r => r.AsScored is not null));
            counts.Add(backend.Generations);
        }

        Assert.Equal(3, counts[0]);
        Assert.Equal(counts[0], counts[1]);
    }

    [Fact]
    public void Run_SecondRoundSameKey_ReadsCacheWithoutGenerating()
    {
        using var local = new LocalTeacherBackend(_fx.TeacherPath, "f32", "cpu");
        var backend = new CountingBackend(local);
        var runner = Runner(backend);

        var (first, firstCached) = runner.Run(KlFixtures.Round(), KlFixtures.Prompts(), default);
        var (second, secondCached) = runner.Run(KlFixtures.Round(), KlFixtures.Prompts(), default);

        Assert.False(firstCached);
        Assert.True(secondCached);
        Assert.Equal(3, backend.Generations);
        Assert.Equal(first.Continuations.Select(c => c.ContinuationIds), second.Continuations.Select(c => c.ContinuationIds));
        Assert.Equal(first.Continuations.Select(c => c.TopLogProbs.SelectMany(v => v)), second.Continuations.Select(c => c.TopLogProbs.SelectMany(v => v)));
    }

    [Fact]
    public void Run_TruncatedCacheFile_GeneratesAgain()
    {
        using var local = new LocalTeacherBackend(_fx.TeacherPath, "f32", "cpu");
        var backend = new CountingBackend(local);
        var runner = Runner(backend);
        runner.Run(KlFixtures.Round(), KlFixtures.Prompts(), default);
        var file = Directory.GetFiles(Path.Combine(_fx.Root, "cache")).Single();
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);

        var (_, cached) = runner.Run(KlFixtures.Round(), KlFixtures.Prompts(), default);

        Assert.False(cached);
        Assert.Equal(6, backend.Generations);
    }

    [Fact]
    public void Run_SequenceIsPromptIdsThenContinuationIds_NotRetokenised()
    {
        using var local = new LocalTeacherBackend(_fx.TeacherPath, "f32", "cpu");
        var (output, _) = Runner(local).Run(KlFixtures.Round(), KlFixtures.Prompts(1), default);

        var c = output.Continuations.Single();
        Assert.Equal(local.Encode(KlFixtures.Prompts(1).Prompts[0].Text), c.PromptIds);
        Assert.Equal(12, c.ContinuationIds.Length);
        Assert.All(c.TopIds, ids => Assert.Equal(16, ids.Length));
        Assert.All(c.ContinuationIds.Zip(c.TopIds), pair => Assert.Equal(pair.Second[0], pair.First)); // greedy: the argmax
    }

    [Fact]
    public void Run_MaxPromptTokens_KeepsFirstIds()
    {
        using var local = new LocalTeacherBackend(_fx.TeacherPath, "f32", "cpu");
        var settings = Settings() with { MaxPromptTokens = 3 };
        var runner = new TeacherRunner(local, new TeacherCache(Path.Combine(_fx.Root, "cache"), NullLogger.Instance), settings, NullLogger.Instance);

        var (output, _) = runner.Run(KlFixtures.Round(), KlFixtures.Prompts(1), default);

        Assert.Equal(local.Encode(KlFixtures.Prompts(1).Prompts[0].Text).Take(3), output.Continuations.Single().PromptIds);
    }

    [Fact]
    public void SampleSeed_DependsOnRoundSeedAndPromptIndex()
    {
        var other = RoundSeed.FromBlockHash("0x" + new string('b', 64));

        Assert.Equal(TeacherRunner.SampleSeed(KlFixtures.Seed, 3), TeacherRunner.SampleSeed(KlFixtures.Seed, 3));
        Assert.NotEqual(TeacherRunner.SampleSeed(KlFixtures.Seed, 3), TeacherRunner.SampleSeed(KlFixtures.Seed, 4));
        Assert.NotEqual(TeacherRunner.SampleSeed(KlFixtures.Seed, 3), TeacherRunner.SampleSeed(other, 3));
    }

    [Fact]
    public async Task InconsistentTeacherAnswer_DefersEveryCandidate()
    {
        using var local = new LocalTeacherBackend(_fx.TeacherPath, "f32", "cpu");
        var backend = new CountingBackend(local, (_, g) => g with { TopIds = g.TopIds[..^1] });
        var student = KlFixtures.Candidate("s", _fx.Noisy("s", 0.05));

        var sheet = await _fx.Scorer(backend: () => backend).ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), [student]), default);

        Assert.True(sheet.Results[student.Submission.Key].IsT3);
    }

    public void Dispose() => _fx.Dispose();

    private static TeacherSettings Settings() => new(12, 16, 4, 0, false, 0.7, 0.9);

    private TeacherRunner Runner(ITeacherBackend backend) =>
        new(backend, new TeacherCache(Path.Combine(_fx.Root, "cache"), NullLogger.Instance), Settings(), NullLogger.Instance);
}
