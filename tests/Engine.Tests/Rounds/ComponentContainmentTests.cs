using Tournament.Abstractions;
using Tournament.Engine.Rounds;
using Tournament.Engine.Tests.Rounds.Fakes;

namespace Tournament.Engine.Tests.Rounds;

/// <summary>Issue 16, item 1: an exception a component throws on one submission never fails the round.</summary>
public sealed class ComponentContainmentTests
{
    [Fact]
    public async Task CheckThrowsOnOneSubmission_DoesNotFailRound_DeferredWithSentenceAndOthersScored()
    {
        var rig = Setup();
        rig.Content.Throws["o/mallory"] = new ArgumentException("An item with the same key has already been added. Key: Ġ t");

        var result = await rig.RunAsync();

        var row = result.Outcomes.Single(o => o.Hotkey == "mallory");
        Assert.Equal((CandidateStatus.Deferred, "content"), (row.Status, row.Source));
        Assert.StartsWith("component-error 1/3: The component 'content' threw ArgumentException on this submission (An item with the same key", row.Reason, StringComparison.Ordinal);
        Assert.Equal([CandidateStatus.Scored, CandidateStatus.Scored], result.Outcomes.Where(o => o.Hotkey != "mallory").Select(o => o.Status));
        Assert.Equal("bob", result.Summary.King?.Hotkey);
        Assert.Equal(1, rig.State.Commits);
        Assert.Empty(rig.State.Records[0].Disqualifications);
    }

    [Fact]
    public async Task CheckThrowsInNConsecutiveRounds_DisqualifiedWithComponentError()
    {
        var rig = Setup();
        rig.Content.Throws["o/mallory"] = new InvalidOperationException("boom");

        var reasons = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var round = i == 0 ? await rig.RunAsync() : await rig.NextRoundAsync();
            reasons.Add(round.Outcomes.Single(o => o.Hotkey == "mallory").Reason);
        }

        Assert.StartsWith("component-error 1/3:", reasons[0], StringComparison.Ordinal);
        Assert.StartsWith("component-error 2/3:", reasons[1], StringComparison.Ordinal);
        Assert.StartsWith("[component-error] A component threw on this submission in 3 consecutive rounds (limit 3)", reasons[2], StringComparison.Ordinal);
        var dq = Assert.Single(rig.State.Records[2].Disqualifications);
        Assert.Equal((ReasonCodes.ComponentError, "content"), (dq.ReasonCode, dq.Source));
        await rig.NextRoundAsync();
        Assert.Equal(3, rig.Content.Calls.Single(c => c.Key.Hotkey == "mallory").Value);
    }

    [Fact]
    public async Task ComponentErrorCount_StartsAgainAfterARoundWithoutError()
    {
        var rig = Setup();
        rig.Content.Throws["o/mallory"] = new InvalidOperationException("flaky");
        await rig.RunAsync();
        rig.Content.Throws.Clear();
        rig.Content.ByRepo["o/mallory"] = CheckOutcome.Defer("The registry timed out.");
        await rig.NextRoundAsync();
        rig.Content.ByRepo.Clear();
        rig.Content.Throws["o/mallory"] = new InvalidOperationException("flaky");

        var third = await rig.NextRoundAsync();

        Assert.StartsWith("component-error 1/3:", third.Outcomes.Single(o => o.Hotkey == "mallory").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComponentErrorRoundsOfOne_DisqualifiesAtTheFirstError()
    {
        var rig = Setup();
        rig.ComponentErrorRounds = 1;
        rig.Metadata.Throws["o/mallory"] = new KeyNotFoundException();

        var result = await rig.RunAsync();

        Assert.Equal(ReasonCodes.ComponentError, rig.State.Records[0].Disqualifications.Single().ReasonCode);
        Assert.Equal("bob", result.Summary.King?.Hotkey);
    }

    [Fact]
    public async Task StorageDescribeThrows_DoesNotFailRound()
    {
        var rig = Setup();
        rig.Storage.DescribeThrows["o/mallory"] = new FormatException("Unexpected character in the API reply.");

        var result = await rig.RunAsync();

        var row = result.Outcomes.Single(o => o.Hotkey == "mallory");
        Assert.Equal((CandidateStatus.Deferred, "fake-storage"), (row.Status, row.Source));
        Assert.Contains("FormatException", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScorerThrowsOnOneCandidate_DoesNotFailRound_OthersScoredTogether()
    {
        var rig = Setup();
        rig.Scorer.ThrowsOn["o/mallory"] = new ArgumentOutOfRangeException("index", "Index was outside the bounds of the array.");

        var result = await rig.RunAsync();

        var row = result.Outcomes.Single(o => o.Hotkey == "mallory");
        Assert.Equal((CandidateStatus.Deferred, "fake-scorer"), (row.Status, row.Source));
        Assert.Contains("ArgumentOutOfRangeException", row.Reason, StringComparison.Ordinal);
        Assert.Equal("bob", result.Summary.King?.Hotkey);
        var last = rig.Scorer.Requests[^1];
        Assert.Equal(["alice", "bob"], last.Candidates.Select(c => c.Submission.Hotkey).Order(StringComparer.Ordinal));
        Assert.Equal(2.0, rig.State.Records[0].Scores.Single(s => s.Key.Hotkey == "alice").Score);
    }

    [Fact]
    public async Task ExceptionMessageWithControlCharacters_IsOneCleanBoundedLine()
    {
        var rig = Setup();
        rig.Content.Throws["o/mallory"] = new InvalidOperationException("line one\n\u001b[31mred\u0007" + new string('x', 5000));

        var result = await rig.RunAsync();

        var reason = result.Outcomes.Single(o => o.Hotkey == "mallory").Reason!;
        Assert.DoesNotContain(reason, char.IsControl);
        Assert.True(reason.Length < 600, reason);
    }

    [Fact]
    public async Task CancellationDuringACheck_IsNotContained()
    {
        var rig = Setup();
        using var cts = new CancellationTokenSource();
        rig.Content.Rule = _ =>
        {
            cts.Cancel();
            throw new OperationCanceledException(cts.Token);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.RunAsync(cts.Token));
        Assert.Equal(0, rig.State.Commits);
    }

    private static RoundRig Setup()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 2.0);
        rig.Commit("bob", "o/bob", 1.0);
        rig.Commit("mallory", "o/mallory", 0.1);
        rig.Chain.Advance();
        return rig;
    }
}
