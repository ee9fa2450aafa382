using System.Text;
using System.Text.Json;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Duel;
using Tournament.Plugins.AlbedoDuel.Traces;

namespace Tournament.AlbedoDuel.Tests.Duel;

/// <summary>The duel against loopback generation and Chutes-protocol judge servers (<see cref="RemoteDuelFixture"/>).</summary>
public sealed class DuelEndToEndTests(RemoteDuelFixture duel) : IClassFixture<RemoteDuelFixture>
{
    [Fact]
    public void RemoteDuel_BetterChallenger_PassesBothGatesAndIsCrowned()
    {
        var challenger = duel.Sheet.Results[RemoteDuelFixture.Challenger.Key].AsScored!;

        Assert.Equal(RemoteDuelFixture.Challenger.Key, duel.Decision.King);
        Assert.Equal(16, challenger.Metrics[DuelMetrics.Valid]);
        Assert.Equal(0, challenger.Metrics["challenger_generation_failures"]);
        Assert.True(challenger.Value > 80, $"challenger points {challenger.Value}");
        Assert.Equal(32, duel.GenerationRequests);
        Assert.Equal(16 * 3, duel.JudgeRequests);
        Assert.Equal(16 * 3, challenger.Metrics["judge_calls"]);
    }

    [Fact]
    public void RemoteDuel_RecordsEveryPhaseAsAScorerTiming_AndThePhasesSumToAtMostTheScoringCall()
    {
        var metrics = duel.Sheet.Metrics;
        var challenger = duel.Sheet.Results[RemoteDuelFixture.Challenger.Key].AsScored!;

        // What the engine records as the round's scorer timings: the sheet's metrics whose names end in "seconds".
        Assert.Equal(DuelPhases.All.Order(StringComparer.Ordinal), metrics.Keys.Where(k => k.EndsWith("seconds", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal));
        Assert.All(DuelPhases.All, phase => Assert.True(double.IsFinite(metrics[phase]) && metrics[phase] >= 0, $"{phase} = {metrics[phase]}"));
        Assert.All(DuelPhases.All, phase => Assert.Equal(metrics[phase], challenger.Metrics[phase]));
        Assert.True(metrics[DuelPhases.KingGeneration] > 0 && metrics[DuelPhases.ChallengerGeneration] > 0 && metrics[DuelPhases.Judging] > 0, "the phases that make HTTP calls took time");

        // The duel's verdict.json records its own phases (a round of several duels keeps each duel's figures).
        using var verdict = JsonDocument.Parse(duel.Artifacts.Single(a => a.Key.EndsWith("/verdict.json", StringComparison.Ordinal)).Content);
        var recorded = verdict.RootElement.GetProperty("phase_seconds");
        Assert.Equal(DuelPhases.All, recorded.EnumerateObject().Select(p => p.Name));
        Assert.All(DuelPhases.All, phase => Assert.Equal(metrics[phase], recorded.GetProperty(phase).GetDouble()));

        // The phases are consecutive laps inside the call; 1e-9 s absorbs the rounding of the sum of four doubles.
        Assert.True(DuelPhases.All.Sum(p => metrics[p]) <= duel.ScoringWall.TotalSeconds + 1e-9, $"phases {DuelPhases.All.Sum(p => metrics[p])} s, call {duel.ScoringWall.TotalSeconds} s");
    }

    [Fact]
    public void RemoteDuel_TracesCarryTheDuelIdAndBothHotkeysOnEveryLine_AndNoSecret()
    {
        var files = duel.Artifacts.ToDictionary(a => a.Key[(a.Key.LastIndexOf('/') + 1)..], a => Encoding.UTF8.GetString(a.Content.Span));

        Assert.Equal(["duel.json", "judge_raw.jsonl", "responses_challenger.jsonl", "responses_king.jsonl", "verdict.json"], files.Keys.Order(StringComparer.Ordinal));
        Assert.All(duel.Artifacts, a => Assert.StartsWith("duels/albedo/4242-7a41c0de7a41/5ChallengerHotkey-20/", a.Key, StringComparison.Ordinal));
        foreach (var name in new[] { "responses_king.jsonl", "responses_challenger.jsonl", "judge_raw.jsonl" })
        {
            var lines = files[name].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, line =>
            {
                using var json = JsonDocument.Parse(line);
                Assert.Equal("4242-7a41c0de7a41-5ChallengerHotkey-20", json.RootElement.GetProperty("duel_id").GetString());
                Assert.Equal("5KingHotkey", json.RootElement.GetProperty("king_hotkey").GetString());
                Assert.Equal("5ChallengerHotkey", json.RootElement.GetProperty("challenger_hotkey").GetString());
            });
        }

        Assert.Contains("\"parse_status\":\"unparsed", files["judge_raw.jsonl"], StringComparison.Ordinal);
        Assert.All(files.Values, text => Assert.DoesNotContain(RemoteDuelFixture.ApiKey, text, StringComparison.Ordinal));
        Assert.All(duel.JudgeAuthorizations, header => Assert.Equal($"Bearer {RemoteDuelFixture.ApiKey}", header));
    }

    [Fact]
    public async Task Verify_RemoteDuelTraces_AgreeBitForBit()
    {
        var result = await TraceVerifier.VerifyAsync(TraceSet.Read(duel.TraceFolder), CancellationToken.None);

        Assert.True(result.Agrees, result.Sentence);
        Assert.StartsWith("The traces agree with verdict.json: ChallengerWins", result.Sentence, StringComparison.Ordinal);
    }
}
