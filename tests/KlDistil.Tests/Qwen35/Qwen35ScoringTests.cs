using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.KlDistil.Tests.Scoring;
using Tournament.Plugins.KlDistil.FunctionalCopy;

namespace Tournament.KlDistil.Tests.Qwen35;

/// <summary>The kl-divergence scorer and the functional-copy check with a Qwen3.5 MoE teacher and Qwen3.5 students.</summary>
public sealed class Qwen35ScoringTests : IDisposable
{
    private readonly KlFixtures _fx = new(ModelArchitecture.Qwen35Moe);

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task Score_Qwen35Students_MatchFloat64ReferenceAndOrderByNoise()
    {
        var folders = new[] { _fx.Noisy("close", 0.02, 1), _fx.Noisy("far", 0.2, 2), _fx.Independent("dense", 99, ModelArchitecture.Qwen35) };
        var candidates = folders.Select((f, i) => KlFixtures.Candidate("h" + i, f)).ToArray();
        var options = _fx.Options();

        var sheet = await _fx.Scorer(options).ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), candidates), default);

        using var reference = new ReferenceKl(options, KlFixtures.Prompts());
        var values = new double[folders.Length];
        for (var i = 0; i < folders.Length; i++)
        {
            var scored = sheet.Results[candidates[i].Submission.Key].AsScored;
            Assert.NotNull(scored);
            var expected = reference.Of(folders[i], dense: false);
            foreach (var p in scored.PerPrompt)
            {
                Assert.True(Math.Abs(p.Value - expected[p.PromptId]) <= 1e-5 * expected[p.PromptId], $"{p.PromptId}: {p.Value} vs {expected[p.PromptId]}");
            }

            values[i] = scored.Value;
        }

        Assert.True(values[0] < values[1], string.Join(", ", values));
        Assert.True(values[0] > 0, string.Join(", ", values));
    }

    [Fact]
    public async Task Score_TeacherCopy_IsDisqualified()
    {
        var copy = KlFixtures.Candidate("copy", _fx.TeacherPath);

        var sheet = await _fx.Scorer().ScoreAsync(new ScoringRequest(KlFixtures.Round(), KlFixtures.Prompts(), [copy]), default);

        Assert.Equal("teacher-copy", sheet.Results[copy.Submission.Key].AsT2.ReasonCode);
    }

    [Fact]
    public async Task FunctionalCopy_NoisyQwen35Copy_IsCaught_IndependentPasses()
    {
        var ledger = new Ledger();
        var check = new FunctionalCopyCheck(new FunctionalCopyOptions(), NullLogger<FunctionalCopyCheck>.Instance);
        Task<CheckOutcome> Run(string hotkey, string folder, long block)
        {
            var candidate = KlFixtures.Candidate(hotkey, folder, block);
            var description = new ModelDescription(candidate.Submission.Model, [], true, new Dictionary<string, string>());
            return check.CheckAsync(new CheckContext(KlFixtures.Round(), candidate.Submission, description, null!, candidate.Snapshot, ledger, false), default);
        }

        Assert.True((await Run("owner", _fx.TeacherPath, 10)).IsPassed);
        var copy = await Run("thief", _fx.Noisy("copy", 1e-6), 20);
        var other = await Run("other", _fx.Independent("other", 77, ModelArchitecture.Qwen35Moe), 30);

        Assert.True(copy.IsDisqualified, copy.ToString());
        Assert.Equal(ReasonCodes.Copy, copy.AsT1.ReasonCode);
        Assert.True(other.IsPassed, other.ToString());
    }

    private sealed class Ledger : IFingerprintLedger
    {
        private readonly List<FingerprintRecord> _records = [];

        public IReadOnlyList<FingerprintRecord> Find(string kind) => _records.Where(r => r.Kind == kind).OrderBy(r => r.Owner.CommitBlock).ToList();

        public void Record(SubmissionKey owner, string kind, string value) => _records.Add(new FingerprintRecord(owner, kind, value));
    }
}
