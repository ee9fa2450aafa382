using System.Text.Json.Nodes;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Cli;

/// <summary>
/// The sample tournament driven through the built <c>tournament.dll</c> as real processes, the way a newcomer runs it:
/// a copy of samples/example-local in a temporary folder (nothing is written into the repository), the engine's
/// deployed plugins folder, state and chain persisted between processes.
/// </summary>
public sealed class EndToEndCliTests : IDisposable
{
    private static readonly string[] Models =
        ["alice/bigram-fine", "bob/bigram-smooth", "carol/bigram-uniform", "dave/bigram-reversed", "mallory/bigram-with-code"];

    private readonly SampleCopy _sample = new();

    public void Dispose() => _sample.Dispose();

    [Fact]
    public async Task CommitRoundStandings_SampleModels_AliceCrownedMalloryDisqualifiedStatePersistsAcrossRounds()
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);
        foreach (var model in Models)
        {
            var commit = await TournamentCli.RunAsync("commit", "--config", config, "--hotkey", model.Split('/')[0], "--model", model, "--json");
            Assert.True(commit.ExitCode == 0, commit.StandardError);
            Assert.StartsWith(model + "@", (string?)Json(commit)["model"], StringComparison.Ordinal);
        }

        var first = await TournamentCli.RunAsync("round", "--config", config, "--json");

        Assert.True(first.ExitCode == 0, first.StandardError);
        var round = Json(first);
        Assert.False((bool)round["alreadyCommitted"]!);
        Assert.Equal("alice", (string?)round["summary"]!["king"]!["hotkey"]);
        var mallory = Outcome(round, "mallory");
        Assert.Equal(("disqualified", "example-no-code"), ((string?)mallory["status"], (string?)mallory["source"]));
        Assert.Contains("tokenize.py", (string?)mallory["reason"], StringComparison.Ordinal);
        Assert.Equal(["alice", "bob", "carol", "dave"], round["outcomes"]!.AsArray().Where(o => (string?)o!["status"] == "scored").Select(o => (string?)o!["hotkey"]).Order(StringComparer.Ordinal));
        var weights = round["weights"]!["byHotkey"]!.AsObject();
        Assert.Equal(("alice", 1.0), (Assert.Single(weights).Key, (double)weights["alice"]!));
        var firstBlock = (long)round["summary"]!["block"]!;

        var standings = await TournamentCli.RunAsync("standings", "--config", config, "--json");

        Assert.True(standings.ExitCode == 0, standings.StandardError);
        var persisted = Json(standings);
        Assert.Equal("alice", (string?)persisted["king"]!["key"]!["hotkey"]);
        Assert.Equal(firstBlock, (long)persisted["lastRound"]!["block"]!);
        Assert.Equal(["alice", "bob", "carol", "dave"], persisted["standings"]!.AsArray().Select(s => (string?)s!["hotkey"]));
        Assert.Equal(1, (int)persisted["disqualified"]!);

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // one block is 1 s; the next round needs a new head
        var second = await TournamentCli.RunAsync("round", "--config", config, "--json");

        Assert.True(second.ExitCode == 0, second.StandardError);
        var next = Json(second);
        Assert.False((bool)next["alreadyCommitted"]!);
        Assert.True((long)next["summary"]!["block"]! > firstBlock);
        Assert.Equal("alice", (string?)next["summary"]!["king"]!["hotkey"]);
        Assert.True((bool)Outcome(next, "alice")["isKing"]!);
        Assert.DoesNotContain(next["outcomes"]!.AsArray(), o => (string?)o!["hotkey"] == "mallory" && (string?)o!["status"] == "scored");
        var alice = next["standings"]!["entries"]!.AsArray().Single(e => (string?)e!["submission"]!["hotkey"] == "alice")!;
        Assert.Equal(2, (int)alice["roundsScored"]!);
    }

    [Fact]
    public async Task Round_RerunInTheSameBlock_AlreadyCommittedNothingChanged()
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 86_400); // the whole test runs inside block 0
        var commit = await TournamentCli.RunAsync("commit", "--config", config, "--hotkey", "alice", "--model", "alice/bigram-fine");
        Assert.True(commit.ExitCode == 0, commit.StandardError);
        var first = await TournamentCli.RunAsync("round", "--config", config, "--json");
        Assert.True(first.ExitCode == 0, first.StandardError);
        var jsonOut = Path.Combine(_sample.Root, "out", "round.json");

        var again = await TournamentCli.RunAsync("round", "--config", config, "--json-out", jsonOut);

        Assert.True(again.ExitCode == 0, again.StandardError);
        Assert.StartsWith("Round example @ block 0", again.StandardOutput, StringComparison.Ordinal); // the tables still print
        var (before, after) = (Json(first), JsonNode.Parse(File.ReadAllText(jsonOut))!);
        Assert.NotNull(before["scorerMetrics"]);
        Assert.NotNull(before["outcomes"]![0]!["metrics"]);
        Assert.Null(after["scorerMetrics"]); // a round read back from the state has no scorer metrics
        Assert.True((bool)after["alreadyCommitted"]!);
        Assert.Null(after["weights"]);
        Assert.Equal((string?)before["summary"]!["blockHash"], (string?)after["summary"]!["blockHash"]);
        Assert.Equal("alice", (string?)after["summary"]!["king"]!["hotkey"]);
    }

    [Theory]
    [InlineData("not-a-reference", "--model 'not-a-reference'")]
    [InlineData("eve/missing", "eve/missing")]
    public async Task Commit_BadModelReference_OneSentenceExit2(string model, string named)
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);

        var result = await TournamentCli.RunAsync("commit", "--config", config, "--hotkey", "eve", "--model", model);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(ErrorLines(result));
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task Round_MisspelledScorer_ListsAvailableScorersExit2()
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1, edit: root => root["Tournament"]!["Modes"]!["example"]!["Scorer"] = "example-bigram-cee");

        var result = await TournamentCli.RunAsync("round", "--config", config);

        Assert.Equal(2, result.ExitCode);
        // The list names every scorer of the deployed plugins (sorted), so it grows as plugins ship more.
        var line = Assert.Single(result.StandardError.Split('\n'), l => l.Contains("No scorer named", StringComparison.Ordinal));
        Assert.Contains("Tournament:Modes:example:Scorer: No scorer named 'example-bigram-cee'; available: ", line, StringComparison.Ordinal);
        var available = line[(line.IndexOf("available: ", StringComparison.Ordinal) + "available: ".Length)..].TrimEnd('.', '\r').Split(", ");
        Assert.Contains("example-bigram-ce", available);
        Assert.Equal(available.Order(StringComparer.Ordinal), available);
        Assert.False(File.Exists(Path.Combine(_sample.Root, ".tournament", "state.db")), "A rejected configuration must not create state.");
    }

    [Theory]
    [InlineData("alice/bigram-fine", 0, "passed")]
    [InlineData("mallory/bigram-with-code", 1, "disqualified")]
    public async Task CheckModel_UnpinnedReference_PinnedLikeCommitAndChecked(string model, int exitCode, string noCode)
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);

        var result = await TournamentCli.RunAsync("check-model", "--config", config, "--model", model, "--json");

        Assert.True(result.ExitCode == exitCode, result.StandardError);
        var check = Json(result).AsArray().Single(r => (string?)r!["check"] == "example-no-code")!;
        Assert.Equal(noCode, (string?)check["result"]);
    }

    [Fact]
    public async Task Plugins_SampleConfig_ListsTheSamplePluginsComponents()
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);

        var result = await TournamentCli.RunAsync("plugins", "--config", config, "--json");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var sample = Json(result)["plugins"]!.AsArray().Single(p => (string?)p!["name"] == "Tournament.Samples.Example")!;
        Assert.True((bool)sample["loaded"]!);
        Assert.Equal(
            ["example-bigram-ce", "example-bigram-valid", "example-lines", "example-no-code"],
            sample["components"]!.AsArray().Select(c => (string?)c!["name"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ModelsGenerateInspectTokenize_GeneratedModel_Exit0WithJson()
    {
        var folder = Path.Combine(_sample.Root, "generated");

        var generate = await TournamentCli.RunAsync("models", "generate", "--out", folder, "--seed", "7");
        var inspect = await TournamentCli.RunAsync("models", "inspect", folder, "--json");
        var tokenize = await TournamentCli.RunAsync("tokenize", "--tokenizer", folder, "--text", "hello tournament", "--json");

        Assert.True(generate.ExitCode == 0, generate.StandardError);
        Assert.True(inspect.ExitCode == 0, inspect.StandardError);
        var facts = Json(inspect);
        Assert.Equal("Qwen3ForCausalLM", (string?)facts["architecture"]);
        Assert.True((long)facts["parameter_count"]! > 0);
        Assert.StartsWith("sha256:", (string?)facts["content_hash"], StringComparison.Ordinal);
        Assert.True(tokenize.ExitCode == 0, tokenize.StandardError);
        var tokens = Json(tokenize);
        Assert.Equal("hello tournament", (string?)tokens["decoded"]);
        Assert.Equal((int)tokens["count"]!, tokens["ids"]!.AsArray().Count);
    }

    private static JsonNode Json(TournamentCli.Result result) =>
        JsonNode.Parse(result.StandardOutput) ?? throw new InvalidOperationException("The command printed no JSON.");

    private static JsonNode Outcome(JsonNode round, string hotkey) =>
        round["outcomes"]!.AsArray().Single(o => (string?)o!["hotkey"] == hotkey)!;

    private static string[] ErrorLines(TournamentCli.Result result) =>
        result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains(" info: ", StringComparison.Ordinal))
            .ToArray();
}
