using Snapshooter.Xunit;
using Tournament.Judges.Chutes.Tests.Infrastructure;

namespace Tournament.Judges.Chutes.Tests.Options;

public sealed class ModuleTests
{
    [Fact]
    public void Register_Ensemble_OneKeyedJudgePerModel()
    {
        using var harness = Harness.Create(Harness.Settings("https://llm.chutes.ai",
            ("Judges:1:Model", "moonshotai/Kimi-K2"), ("Judges:2:Model", "zai-org/GLM-4.6"), ("Judges:2:Name", "glm")));

        Assert.Equal(["chutes:judge/a", "chutes:moonshotai/Kimi-K2", "glm"], harness.Names.Order(StringComparer.Ordinal));
        Assert.Equal("zai-org/GLM-4.6", harness.Judge("glm").Model);
        Assert.Equal("moonshotai/Kimi-K2", harness.Judge("chutes:moonshotai/Kimi-K2").Model);
    }

    [Fact]
    public void Register_NoSection_RegistersNothing()
    {
        using var harness = Harness.Create(new Dictionary<string, string?> { ["Components:other:X"] = "1" });

        Assert.Empty(harness.Names);
    }

    [Fact]
    public void Register_InvalidOptions_ListsEveryProblemWithItsPath()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Components:chutes:BaseUrl"] = "llm.chutes.ai",
            ["Components:chutes:MaxAttempts"] = "0",
            ["Components:chutes:FirstChunkTimeout"] = "-00:00:01",
            ["Components:chutes:Judges:0:Model"] = "a",
            ["Components:chutes:Judges:1:Model"] = "a",
            ["Components:chutes:Judges:2:Name"] = "nameless",
            ["Components:chutes:Fallback:BaseUrl"] = "https://openrouter.ai/api?key=abc",
            ["Components:chutes:CircuitBreaker:FailureThreshold"] = "0",
        };

        var error = Assert.Throws<InvalidOperationException>(() => Harness.Create(settings));

        Snapshot.Match(error.Message);
    }

    [Fact]
    public void Register_UnreadableDuration_SaysWhichSection()
    {
        var settings = Harness.Settings("https://llm.chutes.ai", ("AttemptTimeout", "five minutes"));

        var error = Assert.Throws<InvalidOperationException>(() => Harness.Create(settings));

        Assert.StartsWith("Components:chutes cannot be read:", error.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_NoJudges_AsksForOne()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Harness.Create(new Dictionary<string, string?> { ["Components:chutes:Stream"] = "true" }));

        Assert.Equal("Components:chutes has 1 problem(s): Components:chutes:Judges is empty: add at least one { \"Model\": \"<model id>\" }.", error.Message);
    }
}
