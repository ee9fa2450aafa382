using Tournament.Abstractions;
using Tournament.Engine.Rounds;
using Tournament.Engine.Tests.Rounds.Fakes;

namespace Tournament.Engine.Tests.Rounds;

/// <summary>Issue 16, item 2: a load-failed model's fingerprint does not make later identical weights a copy.</summary>
public sealed class ForgottenFingerprintTests
{
    [Theory]
    [InlineData(ReasonCodes.LoadFailed)]
    [InlineData(ReasonCodes.ComponentError)]
    public async Task LoadFailedModelsFingerprint_DoesNotMakeLaterIdenticalWeightsACopy(string reason)
    {
        var rig = new RoundRig();
        rig.Content.Rule = DedupRule;
        rig.Commit("broken", "o/shared", 1.0);
        rig.Scorer.Outcomes["o/shared"] = new Disqualified(reason, "The model files do not load: config.json: num_hidden_layers is 0.");
        rig.Chain.Advance();
        var first = await rig.RunAsync();
        rig.Scorer.Outcomes.Clear();
        rig.Commit("fixed", "o/shared", 1.0);

        var second = await rig.NextRoundAsync();

        Assert.Equal(CandidateStatus.Disqualified, first.Outcomes.Single(o => o.Hotkey == "broken").Status);
        Assert.Empty(rig.State.Records[0].Fingerprints);
        Assert.Equal(CandidateStatus.Scored, second.Outcomes.Single(o => o.Hotkey == "fixed").Status);
        Assert.Equal("fixed", second.Summary.King?.Hotkey);
    }

    [Fact]
    public async Task OtherDisqualifiedModelsFingerprint_StillMakesLaterIdenticalWeightsACopy()
    {
        var rig = new RoundRig();
        rig.Content.Rule = DedupRule;
        rig.Commit("cheat", "o/shared", 1.0);
        rig.Scorer.Outcomes["o/shared"] = new Disqualified("teacher-copy", "KL is 0: a copy of the teacher.");
        rig.Chain.Advance();
        await rig.RunAsync();
        rig.Scorer.Outcomes.Clear();
        rig.Commit("again", "o/shared", 1.0);

        var second = await rig.NextRoundAsync();

        Assert.Single(rig.State.Records[0].Fingerprints);
        Assert.StartsWith("[copy]", second.Outcomes.Single(o => o.Hotkey == "again").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Kept_DropsOnlyRecordsOfForgottenReasons()
    {
        var records = new[] { new FingerprintRecord(new SubmissionKey("a", 1), "k", "x"), new FingerprintRecord(new SubmissionKey("b", 2), "k", "x"), new FingerprintRecord(new SubmissionKey("c", 3), "k", "x") };
        var reasons = new Dictionary<string, string> { ["a"] = ReasonCodes.LoadFailed, ["b"] = ReasonCodes.Copy };

        var kept = RoundLedger.Kept(records, k => reasons.GetValueOrDefault(k.Hotkey)).Select(r => r.Owner.Hotkey);

        Assert.Equal(["b", "c"], kept);
    }

    private static CheckOutcome DedupRule(CheckContext context)
    {
        var value = context.Submission.Model.Revision;
        var owner = context.Ledger.Find("content-hash").FirstOrDefault(r => r.Value == value && r.Owner != context.Submission.Key);
        if (owner is not null)
        {
            return CheckOutcome.Disqualify(ReasonCodes.Copy, $"Same content as {owner.Owner}, committed earlier.");
        }

        context.Ledger.Record(context.Submission.Key, "content-hash", value);
        return CheckOutcome.Pass();
    }
}
