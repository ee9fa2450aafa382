using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Engine.Rounds;
using Tournament.Engine.Tests.Rounds.Fakes;

namespace Tournament.Engine.Tests.Rounds;

public sealed class CommitmentRulesTests
{
    [Fact]
    public async Task RunAsync_SecondDifferentCommitmentOfAHotkey_IsIgnored()
    {
        var rig = new RoundRig();
        var first = rig.Commit("alice", "o/first", 2.0);
        rig.Chain.Advance();
        rig.Commit("alice", "o/second", 0.1);
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        var row = Assert.Single(result.Outcomes);
        Assert.Equal(first.Block, row.CommitBlock);
        Assert.Equal(FakeStorage.Model("o/first").ToString(), row.Model);
        Assert.Equal(2.0, row.Score);
    }

    [Fact]
    public void Select_SameBlockCommitments_FirstByIndexCounts()
    {
        var a = FakeStorage.Model("o/a");
        var b = FakeStorage.Model("o/b");
        Commitment[] commitments =
        [
            new("alice", 7, 3, $"{a.Repo}@{a.Revision}"),
            new("alice", 7, 1, $"{b.Repo}@{b.Revision}"),
        ];

        var selected = SubmissionSelector.Select(commitments, [new Neuron(0, "alice", 1)], 10, NullLogger.Instance);

        Assert.Equal(b, Assert.Single(selected.Submissions).Model);
    }

    [Fact]
    public async Task CommitmentBlockKey_IsIgnored()
    {
        var rig = new RoundRig();
        var model = FakeStorage.Model("o/alice");
        rig.Chain.Advance(40);
        rig.Scorer.Values["o/alice"] = 1.0;
        var commitment = rig.Chain.Commit("alice", $"{{\"block\":1,\"model\":\"{model.Repo}\",\"revision\":\"{model.Revision}\"}}");
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        Assert.Equal(new SubmissionKey("alice", commitment.Block), Assert.Single(result.Outcomes).Key);
        Assert.NotEqual(1, commitment.Block);
        Assert.Equal(commitment.Block, rig.State.Records[0].Submissions.Single().CommitBlock);
    }

    [Fact]
    public void CommitmentParser_JsonWithBlockKey_ParsesOnlyModelAndRevision()
    {
        var model = FakeStorage.Model("o/alice");

        var ok = CommitmentParser.TryParse($"{{\"model\":\"{model.Repo}\",\"block\":999999,\"revision\":\"{model.Revision}\"}}", out var parsed, out _);

        Assert.True(ok);
        Assert.Equal(model, parsed);
    }

    [Fact]
    public async Task RecycledUid_UnderNewHotkey_InheritsNothing()
    {
        var rig = new RoundRig();
        rig.Commit("old", "o/old", 0.5);
        rig.Metadata.ByRepo["o/old"] = CheckOutcome.Disqualify("param-limit", "Too many parameters.");
        rig.Commit("king", "o/king", 1.0);
        rig.Chain.Advance();
        var first = await rig.RunAsync();
        var uid = first.Outcomes.Single(o => o.Hotkey == "old").Uid!.Value;

        rig.Chain.Deregister("old");
        rig.Chain.Register("new", uid);
        rig.Commit("new", "o/new", 0.7);
        var second = await rig.NextRoundAsync();

        var row = second.Outcomes.Single(o => o.Uid == uid);
        Assert.Equal(("new", CandidateStatus.Scored), (row.Hotkey, row.Status));
        Assert.DoesNotContain(second.Outcomes, o => o.Hotkey == "old");
        Assert.Equal(1, second.Standings.Find(row.Key)!.RoundsScored);
        Assert.Equal("new", second.Summary.King?.Hotkey);
    }

    [Fact]
    public async Task RunAsync_UnregisteredHotkey_DoesNotTakePart()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Commit("ghost", "o/ghost", 0.1);
        rig.Chain.Deregister("ghost");
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        Assert.Equal(["alice"], result.Outcomes.Select(o => o.Hotkey));
    }

    [Fact]
    public async Task RunAsync_UnparseableCommitment_IsDisqualifiedAsBadCommitmentOnce()
    {
        var rig = new RoundRig();
        rig.Chain.Commit("eve", "{\"model\":\"../../etc/passwd\",\"revision\":\"main\"}");
        rig.Chain.Advance();

        var first = await rig.RunAsync();
        var second = await rig.NextRoundAsync();

        var row = Assert.Single(first.Outcomes);
        Assert.Equal(CandidateStatus.Disqualified, row.Status);
        Assert.StartsWith("[bad-commitment]", row.Reason, StringComparison.Ordinal);
        Assert.Equal(ReasonCodes.BadCommitment, rig.State.Records[0].Disqualifications.Single().ReasonCode);
        Assert.Empty(second.Outcomes);
    }

    [Fact]
    public async Task RunAsync_NoStorageResolvesTheRevision_DisqualifiesAsUnsupportedStorage()
    {
        var rig = new RoundRig();
        rig.Chain.Commit("hf", $"{{\"model\":\"o/hf\",\"revision\":\"{new string('a', 40)}\"}}");
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        Assert.Equal(ReasonCodes.UnsupportedStorage, rig.State.Records[0].Disqualifications.Single().ReasonCode);
        Assert.Equal(CandidateStatus.Disqualified, Assert.Single(result.Outcomes).Status);
    }

    [Fact]
    public async Task SameModelByTwoHotkeys_LedgerOrdersEarliestFirst_LaterIsACopy()
    {
        var rig = new RoundRig();
        rig.Content.Rule = DedupRule;
        rig.Commit("original", "o/shared", 1.0);
        rig.Chain.Advance();
        rig.Commit("copier", "o/shared", 1.0);
        rig.Chain.Advance();

        var result = await rig.RunAsync();

        Assert.Equal(CandidateStatus.Scored, result.Outcomes.Single(o => o.Hotkey == "original").Status);
        var copier = result.Outcomes.Single(o => o.Hotkey == "copier");
        Assert.Equal(CandidateStatus.Disqualified, copier.Status);
        Assert.StartsWith("[copy]", copier.Reason, StringComparison.Ordinal);
        Assert.Single(rig.State.Records[0].Fingerprints);
    }

    [Fact]
    public void Find_RecordsMadeOutOfOrder_ReturnsEarliestOwnerFirst()
    {
        var ledger = new RoundLedger([new FingerprintRecord(new SubmissionKey("late", 90), "content-hash", "x")]);
        ledger.Record(new SubmissionKey("early", 10), "content-hash", "x");
        ledger.Record(new SubmissionKey("middle", 50), "content-hash", "x");
        ledger.Record(new SubmissionKey("middle", 50), "content-hash", "x");
        ledger.Record(new SubmissionKey("other", 1), "weight-fingerprint", "y");

        Assert.Equal(["early", "middle", "late"], ledger.Find("content-hash").Select(r => r.Owner.Hotkey));
        Assert.Equal(3, ledger.NewRecords.Count);
    }

    private static CheckOutcome DedupRule(CheckContext context)
    {
        var value = context.Submission.Model.Revision;
        var owner = context.Ledger.Find("content-hash").FirstOrDefault(r => r.Value == value);
        if (owner is not null && owner.Owner != context.Submission.Key)
        {
            return CheckOutcome.Disqualify(ReasonCodes.Copy, $"Same content as {owner.Owner}, committed earlier.");
        }

        context.Ledger.Record(context.Submission.Key, "content-hash", value);
        return CheckOutcome.Pass();
    }
}
