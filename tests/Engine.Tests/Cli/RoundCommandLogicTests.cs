using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;
using Tournament.Abstractions;
using Tournament.Cli;
using Tournament.Engine.Cli;
using Tournament.Engine.Composition;
using Tournament.Engine.Rounds;
using Tournament.Engine.Tests.Rounds.Fakes;

namespace Tournament.Engine.Tests.Cli;

public sealed class RoundCommandLogicTests
{
    [Fact]
    public async Task CommitAsync_PinnedReference_CommitsJsonThatParsesBackToTheModel()
    {
        var rig = new RoundRig();
        var model = FakeStorage.Model("o/alice");

        var result = await CommitFlow.CommitAsync(rig.Composition, "alice", model.ToString(), force: false, default);

        Assert.Equal(("alice", rig.Chain.Head.Number, model.ToString()), (result.Hotkey, result.Block, result.Model));
        Assert.True(CommitmentParser.TryParse(rig.Chain.Commitments.Single().Data, out var parsed, out _));
        Assert.Equal(model, parsed);
    }

    [Fact]
    public async Task ResolveAsync_UnpinnedReference_PinsThroughTheFirstStorageBackend()
    {
        var pinned = new ModelRef("o/alice", new string('d', 64));
        var storage = new PinningStorage(pinned);

        var model = await CommitFlow.ResolveAsync([new NamedComponent<IStorageBackend>("pinning", storage), new NamedComponent<IStorageBackend>("other", new FakeStorage())], "o/alice", default);

        Assert.Equal(pinned, model);
        Assert.Equal("o/alice", storage.Asked);
    }

    [Theory]
    [InlineData("o/alice@main", "not a pinned revision")]
    [InlineData("../../etc/passwd", "is not owner/name")]
    [InlineData("", "is not owner/name")]
    public async Task ResolveAsync_BadReference_OneClearSentence(string reference, string expected)
    {
        var error = await Assert.ThrowsAsync<UserInputException>(() => CommitFlow.ResolveAsync([new NamedComponent<IStorageBackend>("fake", new FakeStorage())], reference, default));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_BackendCannotPin_SaysToGiveARevision()
    {
        var error = await Assert.ThrowsAsync<UserInputException>(() => CommitFlow.ResolveAsync([new NamedComponent<IStorageBackend>("fake", new FakeStorage())], "o/alice", default));

        Assert.Contains("give --model owner/name@revision", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoundLoop_FailedRoundIsRetriedAndReloadsAreAppliedBetweenRounds()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();
        // Twice: the round's scoring call and the engine's retry of the candidate alone (a scorer exception is only
        // pinned on a submission when it scores without it), so the round fails.
        var throws = 2;
        rig.Scorer.DuringScoring = () =>
        {
            if (throws-- > 0)
            {
                throw new InvalidOperationException("transient");
            }
        };
        var host = new FakeHost(rig);
        var loop = new RoundLoop(host, rig.Runner, NullProgressReporter.Instance, NullLogger<RoundLoop>.Instance);
        var seen = new List<long>();

        var stats = await loop.RunAsync(2, TimeSpan.FromMilliseconds(1), r =>
        {
            seen.Add(r.Summary.Block);
            rig.Chain.Advance();
        }, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(new Tournament.Engine.Cli.RoundLoopStats(2, 1), stats);
        Assert.Equal([101L, 102L], seen);
        Assert.Equal(2, rig.State.Commits);
        Assert.True(host.ReloadCalls >= 3);
    }

    [Fact]
    public async Task RoundLoop_Cancelled_StopsCleanlyWithoutCommitting()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        using var cts = new CancellationTokenSource();
        rig.Scorer.DuringScoring = cts.Cancel;
        var loop = new RoundLoop(new FakeHost(rig), rig.Runner, NullProgressReporter.Instance, NullLogger<RoundLoop>.Instance);

        var stats = await loop.RunAsync(null, TimeSpan.FromMilliseconds(1), _ => { }, cts.Token).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(new Tournament.Engine.Cli.RoundLoopStats(0, 0), stats);
        Assert.Equal(0, rig.State.Commits);
    }

    [Fact]
    public async Task WriteRound_Table_ShowsOutcomesKingAndWeights()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Commit("mallory", "o/mallory", 0.1);
        rig.Metadata.ByRepo["o/mallory"] = CheckOutcome.Disqualify("forbidden-file", "A .py file is present.");
        rig.Chain.Advance();
        var result = await rig.RunAsync();
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;

        RoundOutput.WriteRound(console, result);
        var text = writer.ToString();

        Assert.Contains("disqualified", text, StringComparison.Ordinal);
        Assert.Contains("[forbidden-file] A .py file is present.", text, StringComparison.Ordinal);
        Assert.Contains("King: alice:", text, StringComparison.Ordinal);
        Assert.Contains("Weights: alice=1", text, StringComparison.Ordinal);
        Assert.Contains(RoundOutput.ShortModel(FakeStorage.Model("o/alice").ToString()), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToJson_RoundResult_HasOutcomesAndWeights()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();
        var result = await rig.RunAsync();

        using var json = System.Text.Json.JsonDocument.Parse(RoundOutput.ToJson(result));

        Assert.Equal("scored", json.RootElement.GetProperty("outcomes")[0].GetProperty("status").GetString());
        Assert.Equal(1.0, json.RootElement.GetProperty("weights").GetProperty("byHotkey").GetProperty("alice").GetDouble());
        Assert.False(json.RootElement.GetProperty("alreadyCommitted").GetBoolean());
        Assert.Equal(1.0, json.RootElement.GetProperty("scorerMetrics").GetProperty("candidates").GetDouble());
    }

    [Fact]
    public void WriteStandings_EntriesWithMetrics_OneColumnPerMetricAndDashWhereMissing()
    {
        var standings = new[]
        {
            new ReportStanding("alice", 3, 0, "o/alice@r1", 0.125, 2, 7, new Dictionary<string, double> { ["ema"] = 0.125, ["kl"] = 0.0625 }),
            new ReportStanding("bob", 4, 1, "o/bob@r2", 0.5, 1, 7, new Dictionary<string, double> { ["kl"] = 0.5 }),
        };
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;

        RoundOutput.WriteStandings(console, new StandingsView("distil", null, null, standings, 0));
        var lines = writer.ToString().Split('\n');

        var header = lines.Single(l => l.Contains("hotkey", StringComparison.Ordinal));
        Assert.True(header.IndexOf(" ema ", StringComparison.Ordinal) < header.IndexOf(" kl ", StringComparison.Ordinal), header);
        Assert.Matches(@"alice .*0\.125 .*0\.125 .*0\.0625 ", lines.Single(l => l.Contains("alice", StringComparison.Ordinal)));
        Assert.Matches(@"bob .*0\.5 .*- .*0\.5 ", lines.Single(l => l.Contains("bob", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StandingsView_ReadsCommittedStateOnly()
    {
        var rig = new RoundRig();
        rig.Commit("alice", "o/alice", 1.0);
        rig.Chain.Advance();
        await rig.RunAsync();

        var view = await StandingsView.LoadAsync(rig.Composition, default);

        Assert.Equal("alice", view.King?.Key.Hotkey);
        Assert.Equal(rig.Chain.Head.Hash, view.LastRound?.BlockHash);
        Assert.Equal(1.0, Assert.Single(view.Standings).Score);
        Assert.Single(rig.Scorer.Requests);
    }

    private sealed class FakeHost(RoundRig rig) : IEngineHost
    {
        public int ReloadCalls { get; private set; }

        public ModeComposition Current => rig.Composition;

        public IServiceProvider Services => throw new NotSupportedException();

        public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

        public TimeProvider Time => TimeProvider.System;

        public Task<bool> ApplyPendingReloadAsync(CancellationToken cancellationToken)
        {
            ReloadCalls++;
            return Task.FromResult(false);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class PinningStorage(ModelRef pinned) : IStorageBackend
    {
        public string? Asked { get; private set; }

        public bool CanResolve(ModelRef model) => true;

        public Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StorageResult<ModelRef>> PinAsync(string repo, string? reference, CancellationToken cancellationToken)
        {
            Asked = repo;
            return Task.FromResult(StorageResult<ModelRef>.Ok(pinned));
        }
    }
}
