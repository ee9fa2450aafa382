using System.Text.Json.Nodes;
using Tournament.Engine.Configuration;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Rounds.Scheduling;

public sealed class ScheduleConfigurationTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Load_ScheduleSection_BindsEnumsFromText()
    {
        _workspace.WriteValidConfig(root => root["Tournament"]!["Modes"]!["example"]!["Schedule"] =
            JsonNode.Parse("""{ "Candidates": "Queue", "MaxChallengers": 4, "Prompts": "Challenger" }"""));

        var loaded = ConfigurationLoader.Load(_workspace.ConfigPath, new Dictionary<string, string?>());

        var schedule = loaded.Settings.Modes!["example"].Schedule;
        Assert.Equal((CandidateScheduling.Queue, 4, PromptSeeding.Challenger), (schedule.Candidates, schedule.MaxChallengers, schedule.Prompts));
    }

    [Fact]
    public void Load_ScheduleOmitted_DefaultsToTodaysBehaviour()
    {
        _workspace.WriteValidConfig();

        var schedule = ConfigurationLoader.Load(_workspace.ConfigPath, new Dictionary<string, string?>()).Settings.Modes!["example"].Schedule;

        Assert.Equal((CandidateScheduling.All, 1, PromptSeeding.Round), (schedule.Candidates, schedule.MaxChallengers, schedule.Prompts));
    }

    [Fact]
    public void Load_UnknownSchedulingWord_NamesTheKeyAndTheChoices()
    {
        _workspace.WriteValidConfig(root => root["Tournament"]!["Modes"]!["example"]!["Schedule"] = JsonNode.Parse("""{ "Candidates": "Sideways" }"""));

        var loaded = ConfigurationLoader.Load(_workspace.ConfigPath, new Dictionary<string, string?>());

        var problem = Assert.Single(loaded.Problems);
        Assert.Equal("Tournament:Modes:example:Schedule:Candidates", problem.Path);
        Assert.Contains("All, Queue", problem.Message, StringComparison.Ordinal);
    }
}
