using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.KlDistil.Tests.Scoring;
using Tournament.Plugins.KlDistil.FunctionalCopy;

namespace Tournament.KlDistil.Tests.FunctionalCopy;

public sealed class FunctionalCopyCheckTests : IDisposable
{
    private readonly KlFixtures _fx = new();
    private readonly Ledger _ledger = new();
    private readonly FunctionalCopyCheck _check = new(new FunctionalCopyOptions(), NullLogger<FunctionalCopyCheck>.Instance);

    [Fact]
    public async Task ExactCopy_OfEarlierSubmission_IsDisqualified()
    {
        await Run("owner", _fx.TeacherPath, 10);

        var outcome = await Run("thief", _fx.Noisy("copy", 0), 20);

        Assert.True(outcome.IsDisqualified);
        Assert.Equal(ReasonCodes.Copy, outcome.AsT1.ReasonCode);
        Assert.Contains("owner:10", outcome.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoisyCopy_AboveAndBelowThreshold()
    {
        await Run("owner", _fx.TeacherPath, 10);

        var tiny = await Run("slight", _fx.Noisy("slight", 1e-6), 20);
        var large = await Run("trained", _fx.Noisy("trained", 0.05), 30);

        Assert.True(tiny.IsDisqualified, tiny.ToString());
        Assert.True(large.IsPassed, large.ToString());
    }

    [Fact]
    public async Task IndependentModel_Passes_AndIsRecorded()
    {
        await Run("owner", _fx.TeacherPath, 10);

        var outcome = await Run("other", _fx.Independent("other", 77), 20);

        Assert.True(outcome.IsPassed);
        Assert.Equal(["owner:10", "other:20"], _ledger.Find(FunctionalCopyCheck.Kind).Select(r => r.Owner.ToString()));
        Assert.All(_ledger.Find(FunctionalCopyCheck.Kind), r => Assert.NotNull(FingerprintText.TryParse(r.Value)));
    }

    [Fact]
    public async Task SameHotkey_IsNeverItsOwnCopy()
    {
        await Run("miner", _fx.TeacherPath, 10);

        var outcome = await Run("miner", _fx.Noisy("same", 0), 20);

        Assert.True(outcome.IsPassed);
    }

    [Fact]
    public async Task EarlierCommit_IsNotTheCopy_OfALaterOne()
    {
        await Run("late", _fx.TeacherPath, 50);

        var outcome = await Run("early", _fx.Noisy("early", 0), 20);

        Assert.True(outcome.IsPassed);
    }

    [Fact]
    public async Task LaterCopyCheckedBeforeItsOriginal_IsDisqualifiedWhenRecheckedNextRound()
    {
        var copy = _fx.Noisy("copy", 0);
        Assert.True((await Run("thief", copy, 50)).IsPassed); // the original was deferred this round
        Assert.True((await Run("owner", _fx.TeacherPath, 10)).IsPassed);

        var next = await Run("thief", copy, 50);

        Assert.Equal(CheckFrequency.EveryRound, _check.Frequency);
        Assert.True(next.IsDisqualified, next.ToString());
        Assert.Contains("owner:10", next.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recheck_UsesTheRecordedFingerprint_WithoutLoadingTheModel()
    {
        var folder = _fx.Noisy("mine", 0.05);
        Assert.True((await Run("miner", folder, 10)).IsPassed);
        File.Delete(Path.Combine(folder, "model.safetensors"));

        var again = await Run("miner", folder, 10);

        Assert.True(again.IsPassed, again.ToString());
        Assert.Single(_ledger.Find(FunctionalCopyCheck.Kind));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v2:AAAAAA==")]
    [InlineData("v1:not base64!")]
    [InlineData("v1:AAA=")]
    [InlineData("v1:AADAfw==")] // NaN
    public void FingerprintText_Malformed_DoesNotParse(string text) => Assert.Null(FingerprintText.TryParse(text));

    [Fact]
    public void FingerprintText_Oversized_DoesNotParse() => Assert.Null(FingerprintText.TryParse("v1:" + new string('A', 70_000)));

    [Fact]
    public void FingerprintText_RoundTrips()
    {
        float[] values = [1.5f, -2.25f, 3e-8f, 1e30f];

        Assert.Equal(values, FingerprintText.TryParse(FingerprintText.Format(values)));
    }

    public void Dispose() => _fx.Dispose();

    private Task<CheckOutcome> Run(string hotkey, string folder, long block)
    {
        var candidate = KlFixtures.Candidate(hotkey, folder, block);
        var description = new ModelDescription(candidate.Submission.Model, [], true, new Dictionary<string, string>());
        var context = new CheckContext(KlFixtures.Round(), candidate.Submission, description, null!, candidate.Snapshot, _ledger, false);
        return _check.CheckAsync(context, default);
    }

    private sealed class Ledger : IFingerprintLedger
    {
        private readonly List<FingerprintRecord> _records = [];

        public IReadOnlyList<FingerprintRecord> Find(string kind) => _records.Where(r => r.Kind == kind).OrderBy(r => r.Owner.CommitBlock).ToList();

        public void Record(SubmissionKey owner, string kind, string value) => _records.Add(new FingerprintRecord(owner, kind, value));
    }
}
